run etcdctl put foo bar
run etcdctl put foo2 bar2
run etcdctl get foo -w json
run etcdctl get foo --prefix -w json
run etcdctl get nothing -w json
