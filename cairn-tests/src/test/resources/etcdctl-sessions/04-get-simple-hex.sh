run etcdctl put key1 value1
run etcdctl get key1 -w simple
run etcdctl get key1 --hex
run etcdctl get key1 -w json --hex
