run etcdctl put foo bar
printf 'value("foo") = "bar"\n\nput foo baz\nput other x\n\nput foo failed\n\n' | run etcdctl txn
run etcdctl get foo
run etcdctl get other
