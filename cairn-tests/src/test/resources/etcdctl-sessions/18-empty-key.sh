run etcdctl put "" value
run etcdctl get ""
run etcdctl del ""
