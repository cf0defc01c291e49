# unknown commands (with cobra's suggestions), command prefixes, bad flag values
run etcdctl put foo bar
run etcdctl bogus
run etcdctl bogus foo
run etcdctl gett foo
run etcdctl m
run etcdctl lcok
run etcdctl ge foo
run etcdctl --hex ge foo
run etcdctl get foo -z
run etcdctl -w yaml get foo
run etcdctl get foo --write-out=yaml
run etcdctl --dial-timeout=abc get foo
run etcdctl get k --command-timeout=1x
run etcdctl get k --command-timeout=1
run etcdctl get k --dial-timeout=-
run etcdctl --keepalive-time=soon get foo
run etcdctl get foo --dial-timeout 500ms
run etcdctl get foo --limit=x
run etcdctl watch foo --rev=abc
run etcdctl watch foo --prefix=maybe
