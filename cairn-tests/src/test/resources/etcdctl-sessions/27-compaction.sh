run etcdctl put foo v1
run etcdctl put foo v2
run etcdctl put foo v3
run etcdctl compaction 3
run etcdctl get foo --rev=2
run etcdctl get foo --rev=3
run etcdctl compaction 3
run etcdctl compaction 100
