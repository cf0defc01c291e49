# user passwd (prompted and from stdin) and user delete
run etcdctl user add alice:pw
printf 'np\nnp\n' | run etcdctl user passwd alice
printf 'np\n' | run etcdctl user passwd alice --interactive=false -w json
run etcdctl user passwd alice </dev/null
run etcdctl user passwd
run etcdctl user delete alice
run etcdctl user delete alice -w json
run etcdctl user delete
