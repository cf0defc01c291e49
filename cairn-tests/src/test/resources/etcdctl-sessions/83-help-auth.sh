# help of the auth, user and role commands (no server needed; the groups alone print their help)
for c in auth user role "auth enable" "auth disable" "user add" "user get" "user list" "user delete" \
    "user passwd" "user grant-role" "user revoke-role" "role add" "role get" "role list" "role delete" \
    "role grant-permission" "role revoke-permission"; do
  run etcdctl $c --help
done
run etcdctl auth
run etcdctl user
run etcdctl role nosuchsub
run etcdctl help user passwd
