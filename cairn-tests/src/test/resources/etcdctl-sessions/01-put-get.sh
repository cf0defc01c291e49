run etcdctl put foo bar
run etcdctl get foo
run etcdctl get missing
run etcdctl put foo baz
run etcdctl get foo
