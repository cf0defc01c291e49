run etcdctl put foo v1
run etcdctl put foo v2
run etcdctl put foo v3
run etcdctl get foo --rev=2
run etcdctl get foo --rev=3 -w json
run etcdctl get foo --rev=0
run etcdctl get foo --rev=100
