run etcdctl put foo a
run etcdctl put foo b
run etcdctl del foo
run etcdctl put foo c
run etcdctl get foo -w json
run etcdctl get foo --rev=3
