# credentials from ETCDCTL_USER/ETCDCTL_PASSWORD, a limited user's permissions, auth disable
run etcdctl user add root:rootpw
run etcdctl user add limited:lpw
run etcdctl role add reader
run etcdctl role grant-permission reader read pub --prefix
run etcdctl user grant-role limited reader
run etcdctl auth enable
ETCDCTL_USER=root:rootpw run etcdctl put pub/a 1
ETCDCTL_USER=limited ETCDCTL_PASSWORD=lpw run etcdctl get pub/a
ETCDCTL_USER=root:rootpw run etcdctl get k --user root:rootpw
run etcdctl get k --user limited:lpw
run etcdctl put pub/b 2 --user limited:lpw
run etcdctl user list --user limited:lpw
run etcdctl auth disable
run etcdctl auth disable --user root:rootpw -w fields
run etcdctl auth disable
run etcdctl get pub/a --user root:wrong
