run etcdctl put foo bar
run etcdctl get foo --consistency=s
run etcdctl get foo --consistency=l -w json
