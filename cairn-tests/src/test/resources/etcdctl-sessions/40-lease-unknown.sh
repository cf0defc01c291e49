run etcdctl put k v --lease=1234
run etcdctl lease timetolive 1234
run etcdctl lease revoke 1234
run etcdctl lease timetolive 1234 -w json
