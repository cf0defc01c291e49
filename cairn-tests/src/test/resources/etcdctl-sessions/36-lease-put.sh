id=$(etcdctl lease grant 100 | awk '{print $2}')
run etcdctl put k v --lease=$id
run etcdctl get k -w json
run etcdctl get k -w fields
run etcdctl lease timetolive $id --keys
