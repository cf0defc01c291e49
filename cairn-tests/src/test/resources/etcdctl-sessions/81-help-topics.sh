# help by the help command, for command groups run alone, and found by command prefixes
run etcdctl help get
run etcdctl help lease gr
run etcdctl help member list extra
run etcdctl help help
run etcdctl help get --prefix
run etcdctl lease
run etcdctl endpoint h
run etcdctl --help=true put
run etcdctl member l --help
run etcdctl member --help list
run etcdctl lease -w json gr --help
