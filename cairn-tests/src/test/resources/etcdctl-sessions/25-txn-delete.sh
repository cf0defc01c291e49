run etcdctl put a 1
run etcdctl put b 2
printf '\ndel a\nput c 3\n\n\n' | run etcdctl txn -w json
run etcdctl get "" --from-key -w json
