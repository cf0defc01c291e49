run etcdctl put foo bar
printf 'version("foo") = "1"\n\nput foo baz\ndel nothing\nget foo\n\n\n' | run etcdctl txn -w json
