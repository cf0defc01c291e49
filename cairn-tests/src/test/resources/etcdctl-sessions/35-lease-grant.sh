run etcdctl lease grant 60
run etcdctl lease grant 1
run etcdctl lease grant 100 -w json
