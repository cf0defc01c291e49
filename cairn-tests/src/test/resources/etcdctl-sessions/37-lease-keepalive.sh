id=$(etcdctl lease grant 100 | awk '{print $2}')
run etcdctl lease keep-alive --once $id
run etcdctl lease keep-alive --once 0000000000001234
