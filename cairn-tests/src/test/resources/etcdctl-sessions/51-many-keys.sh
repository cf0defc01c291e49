for i in $(seq 1 30); do etcdctl put key$(printf %02d $i) value$i >/dev/null; done
run etcdctl get key --prefix --count-only -w json
run etcdctl get key --prefix --limit 5 --sort-by=KEY --order=DESCEND
run etcdctl get key2 key3 --keys-only
