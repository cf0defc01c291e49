# enabling auth (root user and role first), then requests with, without and with wrong credentials
run etcdctl auth enable
run etcdctl auth enable extra
run etcdctl user add root:rootpw
run etcdctl user add limited:lpw
run etcdctl role add reader
run etcdctl role grant-permission reader read pub --prefix
run etcdctl user grant-role limited reader
run etcdctl auth enable
run etcdctl put k v
run etcdctl put k v --user root:wrong
run etcdctl put k v --user nobody:x
run etcdctl put k v --user root:rootpw
run etcdctl put pub/a 1 --user root --password rootpw -w json
printf 'rootpw\n' | run etcdctl get k --user root
run etcdctl get k --user root: </dev/null
ETCDCTL_USER=root:rootpw run etcdctl get pub --prefix
ETCDCTL_USER=limited ETCDCTL_PASSWORD=lpw run etcdctl get pub/a
ETCDCTL_USER=root:rootpw run etcdctl get k --user root:rootpw
run etcdctl get k --user limited:lpw
run etcdctl put pub/b 2 --user limited:lpw
run etcdctl user list --user limited:lpw
run etcdctl role get reader --user root:rootpw -w fields
run etcdctl auth disable
run etcdctl auth disable --user root:rootpw
run etcdctl auth disable
run etcdctl get k --user root:wrong
