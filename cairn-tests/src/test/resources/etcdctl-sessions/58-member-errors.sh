run etcdctl member add bad --peer-urls=notaurl
run etcdctl member remove 1234
run etcdctl member update 1234 --peer-urls=http://127.0.0.1:5
self=$(etcdctl member list | cut -d, -f1)
run etcdctl member promote $self
