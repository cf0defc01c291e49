# user CRUD in every output format; passwords from the prompt (stdin is no terminal), stdin, flags
printf 'pw\npw\n' | run etcdctl user add alice
run etcdctl user add bob </dev/null
printf 'one\ntwo\n' | run etcdctl user add bob
printf 'pw\n' | run etcdctl user add bob --interactive=false -w json
run etcdctl user add carol:secret -w fields
run etcdctl user add dave --new-user-password=pw -w protobuf
run etcdctl user add erin --no-password -w table
run etcdctl user add :x
run etcdctl user add
run etcdctl user add alice:again
run etcdctl user list
run etcdctl user list -w json
run etcdctl user list -w protobuf
run etcdctl user list -w fields
run etcdctl user get alice -w json
run etcdctl user get nobody
printf 'np\nnp\n' | run etcdctl user passwd alice
printf 'np\n' | run etcdctl user passwd alice --interactive=false -w json
run etcdctl user passwd alice </dev/null
run etcdctl user delete dave
run etcdctl user delete dave -w json
run etcdctl user delete
