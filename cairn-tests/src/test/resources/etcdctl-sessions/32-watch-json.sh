run etcdctl put foo 1
run etcdctl put foo 2
run timeout 3 etcdctl watch foo --rev=2 -w json
