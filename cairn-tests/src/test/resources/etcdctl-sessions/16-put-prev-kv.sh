run etcdctl put foo one
run etcdctl put foo two --prev-kv
run etcdctl put foo three --prev-kv -w json
run etcdctl put new first --prev-kv
