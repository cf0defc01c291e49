for k in p1 p2 p3; do run etcdctl put $k v; done
run etcdctl del p --prefix
run timeout 3 etcdctl watch p --prefix --rev=5 --prev-kv
