for k in a b c d e; do run etcdctl put $k $k; done
run etcdctl get b d
run etcdctl get d b
run etcdctl get a z -w json
