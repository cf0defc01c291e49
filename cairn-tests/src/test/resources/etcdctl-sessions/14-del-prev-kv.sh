run etcdctl put x 1
run etcdctl put y 2
run etcdctl del x --prev-kv
run etcdctl del y --prev-kv -w json
