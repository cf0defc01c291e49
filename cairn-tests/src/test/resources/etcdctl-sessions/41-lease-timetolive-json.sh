id=$(etcdctl lease grant 100 | awk '{print $2}')
run etcdctl put k v --lease=$id
run etcdctl lease timetolive $id --keys -w json
