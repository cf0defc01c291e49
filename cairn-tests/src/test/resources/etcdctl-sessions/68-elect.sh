# elect NAME PROPOSAL campaigns (key NAME/<lease ID in hex> holding the proposal), prints the leader
# key and value once elected and leads until SIGINT or SIGTERM, then resigns (exit 0); elect -l NAME
# prints the leader, each value it proclaims and every later leader. Background commands are stopped
# with SIGTERM: a non-interactive shell starts them with SIGINT ignored, which a JVM cannot undo.

# await CHECK...: retries the check for up to 20 s
await() {
  for _ in $(seq 200); do "$@" && return 0; sleep 0.1; done
  echo "[timed out waiting for: $*]"
  return 1
}
keys_under() { [ "$(etcdctl get "$1" --prefix --keys-only | grep -c .)" = "$2" ]; }
leases() { [ "$(etcdctl lease list | head -1)" = "found $1 leases" ]; }
lines() { [ "$(wc -l <"$1")" = "$2" ]; }
stop() {
  kill -TERM "$1"
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null
  wait "$1"
  echo "[stopped: exit $?]"
}
show() { echo "[$1]"; cat "$1"; }
# the stderr of a client stopped by a signal, less clientv3's warning for a call it cancelled: whether
# a call was in flight at that moment is a race in etcdctl itself (seen both ways against etcd)
show_err() { echo "[$1]"; grep -v '"error":"rpc error: code = Canceled desc = context canceled"' "$1"; }

# the listener starts with no leader (its session's lease shows it is up) and waits for one
echo '$ etcdctl elect -l E &'
etcdctl elect -l E >l.out 2>l.err & l=$!
await leases 1
echo '$ etcdctl elect E p1 &'
etcdctl elect E p1 >a.out 2>a.err & a=$!
await test -s a.out
show a.out
await lines l.out 2
echo '$ etcdctl elect E p2 &  (waits behind it)'
etcdctl elect E p2 >b.out 2>b.err & b=$!
await keys_under E/ 2
show b.out
# a new value of the leader's key reaches the listener
run etcdctl put "$(head -1 a.out)" p1-again --ignore-lease
await lines l.out 4
stop $a
show a.err
await test -s b.out
show b.out
await lines l.out 6
show l.out
# a candidate stopped while waiting fails with "context canceled" and resigns
echo '$ etcdctl elect E p3 &  (stopped while waiting)'
etcdctl elect E p3 >c.out 2>c.err & c=$!
await keys_under E/ 2
stop $c
show c.out
show_err c.err
run etcdctl get E/ --prefix
stop $b
stop $l
show l.out
show_err l.err
run etcdctl get E/ --prefix
# a listener started while there is a leader prints it at once
etcdctl elect E p4 >a.out 2>a.err & a=$!
await test -s a.out
run timeout -s INT 3 etcdctl elect -l E
stop $a
