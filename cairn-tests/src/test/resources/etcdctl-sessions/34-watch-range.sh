for k in a b c d; do run etcdctl put $k $k; done
run timeout 3 etcdctl watch b d --rev=1
