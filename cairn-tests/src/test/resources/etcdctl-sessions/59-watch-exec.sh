# watch KEY -- CMD: the command runs once per event with the event in ETCD_WATCH_* variables
run etcdctl put w1 'a b'
run etcdctl put w2 'q"x'
run etcdctl del w1
run timeout 3 etcdctl watch w --prefix --rev=1 -- sh -c 'echo "$ETCD_WATCH_REVISION $ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE"'
# a failing command ends the watch with exit code 1
run etcdctl watch w1 --rev=1 -- sh -c 'exit 3'
run etcdctl watch w1 --rev=1 -- /nonexistent/cmd
run etcdctl watch w1 --rev=1 -- no-such-command-anywhere
# separator without a command, command without a key, key from the environment
run etcdctl watch w1 --rev=1 --
run etcdctl watch -- echo hi
run etcdctl watch
ETCDCTL_WATCH_KEY=w1 run etcdctl watch w2 -- echo hi
ETCDCTL_WATCH_KEY=w2 run timeout 3 etcdctl watch --rev=1 -- sh -c 'echo "env key: $ETCD_WATCH_KEY"'
# etcdctl watches the first key of three, and rejects a range end with --prefix
run timeout 3 etcdctl watch w2 w1 w3 --rev=1
run etcdctl watch --prefix w1 w2
