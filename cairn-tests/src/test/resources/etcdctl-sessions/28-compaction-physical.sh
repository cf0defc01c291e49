for i in 1 2 3 4; do run etcdctl put k$i v$i; done
run etcdctl del k1
run etcdctl compaction 5 --physical
run etcdctl get k --prefix
run etcdctl get k --prefix --rev=5
run etcdctl get k --prefix --rev=4
