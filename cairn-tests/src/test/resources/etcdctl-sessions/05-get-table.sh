run etcdctl put a 1
run etcdctl put b 2
run etcdctl get a --prefix -w table
