# txn -i: the same grammar as txn, with etcdctl's prompts on stdout
run etcdctl put foo bar
printf 'value("foo") = "bar"\nmod("foo") > "0"\n\nput foo baz\nget foo\n\ndel foo\n\n' | run etcdctl txn -i
printf 'value("foo") = "nope"\n\nput foo x\n\nget foo\nput other y\n\n' | run etcdctl txn --interactive -w json
printf '\n\n\n' | run etcdctl txn -i
printf 'bogus\n' | run etcdctl txn -i
printf 'version("foo") = "1"\n\nbogus foo\n' | run etcdctl txn -i
printf 'value("foo") = "baz"\n\n' | run etcdctl txn -i
run etcdctl txn -i extra </dev/null
