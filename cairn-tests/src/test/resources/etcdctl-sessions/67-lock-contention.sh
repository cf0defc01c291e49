# lock NAME without a command prints the lock's key and holds it until SIGINT or SIGTERM, then
# releases it (exit 0); waiters queue under NAME/ by creation revision. Background locks are stopped
# with SIGTERM: a non-interactive shell starts them with SIGINT ignored, which a JVM cannot undo.

# await CHECK...: retries the check for up to 20 s
await() {
  for _ in $(seq 200); do "$@" && return 0; sleep 0.1; done
  echo "[timed out waiting for: $*]"
  return 1
}
# keys_under PREFIX N: the prefix holds N keys
keys_under() { [ "$(etcdctl get "$1" --prefix --keys-only | grep -c .)" = "$2" ]; }
# stop PID: SIGTERM, a bounded wait for the process to end, then its exit code
stop() {
  kill -TERM "$1"
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null
  wait "$1"
  echo "[stopped: exit $?]"
}
show() { echo "[$1]"; cat "$1"; }

echo '$ etcdctl lock L1 &  (first holder)'
etcdctl lock L1 >a.out 2>a.err & a=$!
await test -s a.out
show a.out
echo '$ etcdctl lock L1 &  (waits behind it)'
etcdctl lock L1 >b.out 2>b.err & b=$!
await keys_under L1/ 2
run etcdctl get L1/ --prefix --keys-only --sort-by=CREATE
show b.out
stop $a
show a.err
await test -s b.out
show b.out
run etcdctl get L1/ --prefix --keys-only

# a waiter stopped before it gets the lock fails with "context canceled" and leaves the queue
echo '$ etcdctl lock L1 &  (stopped while waiting)'
etcdctl lock L1 >c.out 2>c.err & c=$!
await keys_under L1/ 2
stop $c
show c.out
show c.err
run etcdctl get L1/ --prefix --keys-only
stop $b
show b.err
run etcdctl get L1/ --prefix

# the exec form waits its turn, then runs the command
echo '$ etcdctl lock L2 &'
etcdctl lock L2 >a.out 2>a.err & a=$!
await test -s a.out
echo '$ etcdctl lock L2 -- sh -c ... &'
(timeout 30 etcdctl lock L2 -- sh -c 'echo "got $ETCD_LOCK_KEY"; etcdctl get L2/ --prefix --keys-only' >d.out 2>&1; echo "[exit $?]" >>d.out) & d=$!
await keys_under L2/ 2
show d.out
stop $a
wait $d
show d.out

# SIGINT from a foreground timeout reaches the lock as it reaches etcdctl
run timeout -s INT 3 etcdctl lock L3
run etcdctl get L3/ --prefix
