run etcdctl put foo bar
run etcdctl put foo --ignore-value
run etcdctl get foo -w json
run etcdctl put missing --ignore-value
run etcdctl put foo baz --ignore-lease
run etcdctl put nolease x --ignore-lease
