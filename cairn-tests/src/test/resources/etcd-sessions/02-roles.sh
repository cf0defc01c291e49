# role CRUD and role grants to users in every output format
run etcdctl user add alice:pw
run etcdctl role add r1
run etcdctl role add r1 -w json
run etcdctl role add r2 -w fields
run etcdctl role add r3 -w protobuf
run etcdctl role list
run etcdctl role list -w fields
run etcdctl role list -w json
run etcdctl role list -w table
run etcdctl role list extra
run etcdctl user grant-role alice r1
run etcdctl user grant-role alice r2 -w json
run etcdctl user grant-role alice nope
run etcdctl user grant-role alice
run etcdctl user get alice
run etcdctl user get alice -w protobuf
run etcdctl user revoke-role alice r2 -w fields
run etcdctl user revoke-role alice r2
run etcdctl role delete r3 -w fields
run etcdctl role delete r3
run etcdctl role get r3
run etcdctl role delete
