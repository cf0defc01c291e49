run etcdctl put foo bar
run etcdctl endpoint hashkv
run etcdctl endpoint hashkv -w json
