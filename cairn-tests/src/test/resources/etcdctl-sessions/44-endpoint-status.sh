run etcdctl put foo bar
run etcdctl endpoint status
run etcdctl endpoint status -w table
run etcdctl endpoint status -w json
