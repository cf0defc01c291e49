# --cert/--key/--cacert are checked before dialling (the server has no TLS: only failures here)
run etcdctl put foo bar
run etcdctl --cacert=/nonexistent get foo
run etcdctl --cert=/nonexistent get foo
run etcdctl --key=/nonexistent get foo
run etcdctl --cert=/nonexistent --key=/nonexistent2 get foo
run etcdctl --cacert= get foo
run etcdctl -w yaml --cacert= get foo
run etcdctl -w yaml --cacert=/nonexistent get foo
echo notpem > notpem
run etcdctl --cert=notpem --key=notpem get foo
run etcdctl --cert=/ --key=notpem get foo
run etcdctl version --cacert=/nonexistent
# the same from ETCDCTL_ variables; unknown and empty ones are warned about
ETCDCTL_CACERT=/nonexistent run etcdctl get foo
ETCDCTL_CACERT=/nonexistent run etcdctl --cacert=/other get foo
ETCDCTL_FOO=bar run etcdctl get foo
ETCDCTL_WRITE_OUT= run etcdctl get foo
ETCDCTL_WATCH_KEY=x run etcdctl put a b
ETCDCTL_COMMAND_TIMEOUT=abc run etcdctl get foo
