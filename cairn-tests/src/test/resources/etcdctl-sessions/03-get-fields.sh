run etcdctl put Gabon "Bona nit"
run etcdctl get Gabon -w fields
run etcdctl get Gabon --print-value-only
run etcdctl put Gabon "Bon dia"
run etcdctl get Gabon -w fields
