for k in a b c; do run etcdctl put $k $k; done
run etcdctl put a A
run etcdctl get "" --from-key --sort-by=MODIFY --order=DESCEND --limit=2 -w json
