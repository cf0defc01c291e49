run etcdctl put foo bar
run etcdctl get foo --print-value-only -w json
run etcdctl get foo --keys-only -w fields
