run etcdctl lease list
a=$(etcdctl lease grant 100 | awk '{print $2}')
run etcdctl lease list
