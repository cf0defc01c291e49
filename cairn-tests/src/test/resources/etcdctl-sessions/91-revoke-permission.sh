# revoking permissions: single keys, ranges, --prefix, --from-key, the empty key
run etcdctl role add r1
run etcdctl role grant-permission r1 read k1
run etcdctl role grant-permission r1 write k2 k5
run etcdctl role grant-permission r1 readwrite pfx --prefix
run etcdctl role grant-permission r1 read fk --from-key
run etcdctl role revoke-permission r1 k1
run etcdctl role revoke-permission r1 k2 k5 -w fields
run etcdctl role revoke-permission r1 fk --from-key
run etcdctl role revoke-permission r1 pfx --prefix
run etcdctl role revoke-permission r1 nothere
run etcdctl role revoke-permission r1 '' --prefix
run etcdctl role revoke-permission r1
