# endpoint commands with auth enabled: each endpoint's client authenticates (or fails to)
run etcdctl user add root:rootpw
run etcdctl auth enable
run etcdctl endpoint health
run etcdctl endpoint health --user root:rootpw -w json
run etcdctl endpoint health --user root:bad
run etcdctl endpoint status --user root:rootpw -w fields
run etcdctl endpoint hashkv --user root:rootpw -w json
run etcdctl endpoint status --user root:bad
run etcdctl endpoint status --user root:rootpw -w json
