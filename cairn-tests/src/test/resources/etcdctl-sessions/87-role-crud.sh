# role add, list, get and delete in every output format (-w protobuf left out: its bytes carry the cluster and member IDs)
run etcdctl role add r1
run etcdctl role add r1 -w json
run etcdctl role add r2 -w fields
run etcdctl role list
run etcdctl role list -w fields
run etcdctl role list -w json
run etcdctl role list -w table
run etcdctl role list extra
run etcdctl role delete r3 -w fields
run etcdctl role delete r3
run etcdctl role get r3
run etcdctl role delete
