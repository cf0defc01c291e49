# lock NAME -- CMD: runs the command holding the lock (key NAME/<lease ID in hex>, ETCD_LOCK_KEY and
# ETCD_LOCK_REV set, ETCDCTL_API unset), then releases it; the session's lease is left to expire
run etcdctl put before 1
run etcdctl lock mylock -- sh -c 'echo "$ETCD_LOCK_KEY at $ETCD_LOCK_REV"; env | grep -c ETCDCTL_API; etcdctl get mylock --prefix --keys-only'
run etcdctl get mylock --prefix
ETCD_LOCK_REV=77 run etcdctl lock mylock -- sh -c 'echo "the environment wins: $ETCD_LOCK_REV"'
# the session's TTL: --ttl (etcdctl's default 10), 60 s for zero or less
run etcdctl lock mylock -- sh -c 'etcdctl lease timetolive ${ETCD_LOCK_KEY#mylock/}'
run etcdctl lock --ttl=30 mylock -- sh -c 'etcdctl lease timetolive ${ETCD_LOCK_KEY#mylock/}'
run etcdctl lock mylock --ttl=-5 -- sh -c 'etcdctl lease timetolive ${ETCD_LOCK_KEY#mylock/}'
run etcdctl lock '' -- sh -c 'echo "[$ETCD_LOCK_KEY]" | sed "s/[0-9a-f]*]/ID]/"'
# the command's failure is etcdctl's error, after the lock is released
run etcdctl lock mylock -- sh -c 'echo out; echo err >&2; exit 3'
run etcdctl lock mylock -- sh -c 'kill -9 $$'
run etcdctl lock mylock /nonexistent/cmd
run etcdctl lock mylock no-such-command-anywhere
run etcdctl lock mylock true extra args
run etcdctl get mylock --prefix
