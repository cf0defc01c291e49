run etcdctl put "Egun on" "Bon dia"
run etcdctl put clé "välue ✓"
run etcdctl get "Egun on"
run etcdctl get clé -w json
run etcdctl get "" --from-key --hex
