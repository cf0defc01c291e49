for k in a ab abc abd b; do run etcdctl put $k v-$k; done
run etcdctl get a --prefix
run etcdctl get a --prefix --limit=2
run etcdctl get a --prefix --limit=2 -w json
run etcdctl get a --prefix --keys-only
run etcdctl get a --prefix --count-only -w json
