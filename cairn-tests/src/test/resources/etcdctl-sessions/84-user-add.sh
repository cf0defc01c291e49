# user add: passwords from the prompt (stdin is no terminal), from stdin, from the argument and flags (-w protobuf left out: its bytes carry the cluster and member IDs)
printf 'pw\npw\n' | run etcdctl user add alice
run etcdctl user add bob </dev/null
printf 'one\ntwo\n' | run etcdctl user add bob
printf 'pw\n' | run etcdctl user add bob --interactive=false -w json
run etcdctl user add carol:secret -w fields
run etcdctl user add erin --no-password -w table
run etcdctl user add :x
run etcdctl user add
run etcdctl user add alice:again
