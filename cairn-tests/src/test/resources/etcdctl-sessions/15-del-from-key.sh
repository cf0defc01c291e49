for k in a b c; do run etcdctl put $k $k; done
run etcdctl del b --from-key
run etcdctl get "" --from-key
