# enabling auth needs the root user (etcdctl adds the root role itself); requests need credentials
run etcdctl auth enable
run etcdctl auth enable extra
run etcdctl user add root:rootpw
run etcdctl auth enable
run etcdctl role list --user root:rootpw
run etcdctl put k v
run etcdctl put k v --user root:wrong
run etcdctl put k v --user nobody:x
run etcdctl put k v --user root:rootpw
run etcdctl get k --user root --password rootpw -w json
printf 'rootpw\n' | run etcdctl get k --user root
run etcdctl get k --user root: </dev/null
