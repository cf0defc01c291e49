run etcdctl put k1 zzz
run etcdctl put k2 aaa
run etcdctl put k3 mmm
run etcdctl put k1 yyy
run etcdctl get k --prefix --sort-by=VALUE
run etcdctl get k --prefix --sort-by=VALUE --order=DESCEND
run etcdctl get k --prefix --sort-by=KEY --order=DESCEND
run etcdctl get k --prefix --sort-by=MODIFY --order=ASCEND
run etcdctl get k --prefix --sort-by=CREATE --order=DESCEND
run etcdctl get k --prefix --sort-by=VERSION --order=DESCEND --limit=1
