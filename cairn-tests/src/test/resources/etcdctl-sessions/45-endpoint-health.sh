run etcdctl endpoint health
run etcdctl endpoint health -w table
