run etcdctl put a 1
run etcdctl put ab 2
run etcdctl put b 3
run etcdctl put abc 4
run timeout 3 etcdctl watch a --prefix --rev=2
