# help of the auth, user, role, check, lock and elect commands (no server needed; groups alone print their help)
for c in auth user role "auth enable" "auth disable" "user add" "user get" "user list" "user delete" \
    "user passwd" "user grant-role" "user revoke-role" "role add" "role get" "role list" "role delete" \
    "role grant-permission" "role revoke-permission"; do
  run etcdctl $c --help
done
run etcdctl auth
run etcdctl user
run etcdctl role nosuchsub
run etcdctl help user passwd
for c in check "check perf" "check datascale" lock elect; do
  run etcdctl $c --help
done
run etcdctl help lock
