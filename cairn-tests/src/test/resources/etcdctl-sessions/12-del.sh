run etcdctl put foo bar
run etcdctl del foo
run etcdctl del foo
run etcdctl get foo
