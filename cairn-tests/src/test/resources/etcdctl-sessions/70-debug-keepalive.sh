# --debug prints every global flag's value as its ETCDCTL_ variable on stderr when a command sets up
# its client, before any lookup or check (watch adds two variables, endpoint status and hashkv
# their --cluster; endpoint health and version set up no client of that kind); the gRPC library's
# log after them is each library's own, so only the variables are compared.
# --keepalive-time and --keepalive-timeout set the connection's keep-alive pings (0s: none).

# debug_vars ARGS...: the ETCDCTL_ lines of etcdctl --debug ARGS
debug_vars() {
  printf '$ etcdctl --debug %s | grep ^ETCDCTL_\n' "$*"
  etcdctl --debug "$@" 2>&1 >/dev/null | grep '^ETCDCTL_'
}

run etcdctl --keepalive-time 15s --keepalive-timeout 3s put k v
run etcdctl --keepalive-time 20s get k
debug_vars get k
debug_vars --keepalive-time 15s --keepalive-timeout 3000ms --dial-timeout 1m -w json get k
debug_vars --hex --insecure-skip-tls-verify --command-timeout 90s member list
ETCDCTL_KEEPALIVE_TIME=25s ETCDCTL_WRITE_OUT=fields debug_vars get k
debug_vars -w bogus get k
debug_vars endpoint status
debug_vars endpoint status --cluster
debug_vars endpoint health
debug_vars endpoint health --cluster
debug_vars version
printf '$ timeout 3 etcdctl --debug watch k | grep ^ETCDCTL_\n'
timeout 3 etcdctl --debug watch k 2>&1 >/dev/null | grep '^ETCDCTL_'
run etcdctl --keepalive-time 0s --keepalive-timeout 0s get k
run etcdctl --keepalive-time 5x get k
