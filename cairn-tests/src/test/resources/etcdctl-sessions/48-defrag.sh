run etcdctl put foo bar
run etcdctl defrag
run etcdctl get foo
