id=$(etcdctl lease grant 100 | awk '{print $2}')
run etcdctl put k1 v --lease=$id
run etcdctl put k2 v --lease=$id
run etcdctl lease revoke $id
run timeout 3 etcdctl watch k --prefix --rev=1
