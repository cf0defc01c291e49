# granting roles to users and revoking them (-w protobuf left out: its bytes carry the cluster and member IDs)
run etcdctl user add alice:pw
run etcdctl role add r1
run etcdctl role add r2
run etcdctl user grant-role alice r1
run etcdctl user grant-role alice r2 -w json
run etcdctl user grant-role alice nope
run etcdctl user grant-role alice
run etcdctl user get alice
run etcdctl user revoke-role alice r2 -w fields
run etcdctl user revoke-role alice r2
