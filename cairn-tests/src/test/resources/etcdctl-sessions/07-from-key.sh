for k in a b c d; do run etcdctl put $k $k; done
run etcdctl get b --from-key
run etcdctl get b --from-key --limit 1
run etcdctl get "" --from-key --keys-only
