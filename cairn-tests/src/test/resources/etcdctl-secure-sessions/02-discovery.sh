# DNS SRV discovery (--discovery-srv) against real etcd; the test's DNS responder serves cairn.test:
# _etcd-client-ssl (the secure member) and _etcd-client (the plain one), _etcd-client-ssl-sslonly
# (https only), _etcd-client-plainonly (http only), -txtonly (a TXT record, no SRV). The secure and
# plain members are separate clusters: the value read shows which one answered.
FAST="--dial-timeout=1s --command-timeout=1s"
# etcdctl prints: not multiple [https://secure.cairn.test.:
# etcdctl prints: ignoring discovered insecure endpoint "http://plain.cairn.test.:
# etcdctl prints: no such host
# etcdctl prints: foo\nsecure\n[exit 0]
# etcdctl prints: foo\nplain\n[stderr]\nignoring discovered
run etcdctl -d cairn.test --discovery-srv-name sslonly --cacert "$CERTS/ca.crt" put foo secure
run etcdctl --discovery-srv cairn.test --discovery-srv-name plainonly put foo plain
# both services: https endpoints first, and the first one's scheme secures all
run etcdctl -d cairn.test --cacert "$CERTS/ca.crt" get foo
run etcdctl -d cairn.test snapshot save snap.db
# without --insecure-discovery (true by default) http endpoints are dropped, and the certificate
# must name the domain
run etcdctl -d cairn.test --insecure-discovery=false --cacert "$CERTS/ca.crt" get foo
# nothing left: --endpoints is used
run etcdctl -d cairn.test --discovery-srv-name plainonly --insecure-discovery=false --endpoints "http://127.0.0.1:$PLAIN_PORT" get foo
# nothing found: a name without SRV records, an unknown domain
run etcdctl -d cairn.test --discovery-srv-name txtonly get foo
run etcdctl -d nowhere.test get foo
# endpoint status asks --endpoints (here the default 127.0.0.1:2379), not the discovered ones
run etcdctl -d cairn.test --cacert "$CERTS/ca.crt" $FAST endpoint status
# the ETCDCTL_ variables
ETCDCTL_DISCOVERY_SRV=cairn.test ETCDCTL_DISCOVERY_SRV_NAME=sslonly ETCDCTL_CACERT="$CERTS/ca.crt" run etcdctl get foo
ETCDCTL_DISCOVERY_SRV=cairn.test ETCDCTL_INSECURE_DISCOVERY=false ETCDCTL_CACERT="$CERTS/ca.crt" run etcdctl --endpoints "https://127.0.0.1:$SECURE_PORT" endpoint health
