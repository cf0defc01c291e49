head -c 1600000 /dev/zero | tr '\0' a > big
run etcdctl put big < big
run etcdctl put big2 "$(head -c 1000 big)"
run etcdctl get big2 --print-value-only
