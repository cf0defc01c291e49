run etcdctl alarm list
run etcdctl alarm disarm
