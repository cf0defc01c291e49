id=$(etcdctl lease grant 100 | awk '{print $2}')
run etcdctl put k1 v --lease=$id
run etcdctl put k2 v --lease=$id
run etcdctl put k3 v
run etcdctl lease revoke $id
run etcdctl get k --prefix
run etcdctl lease timetolive $id
run etcdctl lease revoke $id
