run etcdctl put k v
run etcdctl put k v2
printf 'mod("k") > "2"\ncreate("k") = "2"\nversion("k") = "2"\n\nput ok yes\n\nput ok no\n\n' | run etcdctl txn
printf 'value("k") < "v3"\n\nget k\n\n\n' | run etcdctl txn
printf 'value("absent") = ""\n\nput a 1\n\nput a 2\n\n' | run etcdctl txn
run etcdctl get a
