for k in a ab abc b; do run etcdctl put $k $k; done
run etcdctl del a --prefix
run etcdctl get "" --from-key
