# lock, elect and check: argument, flag and prefix errors (checked before any load or request)
# flags are parsed across the command: its own flags need the -- separator
run etcdctl lock mylock sh -c 'echo never'
run etcdctl lock
run etcdctl lock --ttl=x mylock true
run etcdctl lock --ttl mylock true
run etcdctl lock --ttl=2.5 mylock true
run etcdctl elect
run etcdctl elect E
run etcdctl elect -l E p
run etcdctl elect --listen E p
run etcdctl elect E a b
run etcdctl elect --listen=maybe E
run etcdctl elect -x E p
run etcdctl check perf --load=huge
run etcdctl check datascale --load=x
run etcdctl check perf --load
run etcdctl put /etcdctl-check-perf/k v
run etcdctl check perf
run etcdctl check datascale --prefix=/etcdctl-check-perf/
run etcdctl put p/k v
run etcdctl check perf --load=small --prefix=p
