# permissions: single keys, ranges, --prefix, --from-key, the empty key; shown in every format
run etcdctl role add r1
run etcdctl role grant-permission r1 read k1
run etcdctl role grant-permission r1 write k2 k5 -w json
run etcdctl role grant-permission r1 readwrite pfx --prefix -w fields
run etcdctl role grant-permission r1 READ fk --from-key
run etcdctl role grant-permission r1 read '' --prefix
run etcdctl role grant-permission r1 write ''
run etcdctl role grant-permission r1 bogus k
run etcdctl role grant-permission r1 read a b --prefix
run etcdctl role grant-permission r1 read a --prefix --from-key
run etcdctl role grant-permission r1 read
run etcdctl role get r1
run etcdctl role get r1 -w json
