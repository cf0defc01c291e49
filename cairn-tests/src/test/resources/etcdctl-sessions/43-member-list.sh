run etcdctl member list
run etcdctl member list -w table
run etcdctl member list -w json
