run etcdctl put foo bar
printf 'value("foo") = "bar"\n\nget foo\nput x 1\nget x\n\n\n' | run etcdctl txn -w fields
