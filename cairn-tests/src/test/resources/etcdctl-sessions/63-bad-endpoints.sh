# unreachable and malformed endpoints: the Go client's warning, then "context deadline exceeded"
run etcdctl put foo bar
ETCDCTL_ENDPOINTS=127.0.0.1:1 run etcdctl --command-timeout=1s get foo
ETCDCTL_ENDPOINTS=127.0.0.1:1 run etcdctl --command-timeout=1s put foo x
ETCDCTL_ENDPOINTS='http://[::1' run etcdctl --command-timeout=1s get foo
ETCDCTL_ENDPOINTS='notaurl:::' run etcdctl --command-timeout=1s get foo
ETCDCTL_ENDPOINTS='127.0.0.1:abc' run etcdctl --command-timeout=1s del foo
ETCDCTL_ENDPOINTS='127.0.0.1' run etcdctl --command-timeout=1s get foo
ETCDCTL_ENDPOINTS="foo://${ETCDCTL_ENDPOINTS#http://}" run etcdctl --command-timeout=1s get foo
# a trailing comma, and one endpoint down of two, still work
ETCDCTL_ENDPOINTS="$ETCDCTL_ENDPOINTS," run etcdctl get foo
ETCDCTL_ENDPOINTS="127.0.0.1:1,$ETCDCTL_ENDPOINTS" run etcdctl get foo
# a flag and its ETCDCTL_ variable together are fatal
run etcdctl --endpoints=127.0.0.1:1 get foo
