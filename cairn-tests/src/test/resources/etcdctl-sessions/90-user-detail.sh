# a role's permissions in the remaining formats, and shown for a user (user get --detail) (-w protobuf left out: its bytes carry the cluster and member IDs)
run etcdctl role add r1
run etcdctl role grant-permission r1 read k1
run etcdctl role grant-permission r1 write k2 k5
run etcdctl role grant-permission r1 readwrite pfx --prefix
run etcdctl role get r1 -w fields
run etcdctl user add alice:pw
run etcdctl user grant-role alice r1
run etcdctl user get alice --detail
run etcdctl user get alice --detail -w json
run etcdctl user get alice --detail -w table
