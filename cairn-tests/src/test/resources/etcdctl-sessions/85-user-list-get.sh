# user list and get in every output format (-w protobuf left out: its bytes carry the cluster and member IDs)
run etcdctl user add alice:pw
run etcdctl user add bob --no-password
run etcdctl user list
run etcdctl user list -w json
run etcdctl user list -w fields
run etcdctl user list extra
run etcdctl user get alice -w json
run etcdctl user get alice -w fields
run etcdctl user get nobody
