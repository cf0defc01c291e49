run etcdctl put foo 1
run etcdctl put foo 2
run etcdctl put foo 3
run etcdctl compaction 3
run timeout 10 etcdctl watch foo --rev=2
