printf 'from stdin' > val
run etcdctl put k < val
run etcdctl get k
