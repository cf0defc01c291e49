run etcdctl put foo bar
printf 'value("foo") = "nope"\n\nput foo baz\n\nput foo failed\nget foo\n\n' | run etcdctl txn
