run etcdctl put foo bar
run etcdctl snapshot save snap.db
test -s snap.db && echo "snapshot file written"
