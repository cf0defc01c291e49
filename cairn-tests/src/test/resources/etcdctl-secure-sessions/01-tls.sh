# TLS against real etcd ("secure": https, "mutual": https with --client-cert-auth, "plain": http).
# Variables: CERTS (ca.crt, server.*, client.*, other-ca.crt), SECURE_PORT, MUTUAL_PORT, PLAIN_PORT.
# Failing connections get short timeouts (etcdctl fails at the command timeout).
SECURE="https://127.0.0.1:$SECURE_PORT"
MUTUAL="https://127.0.0.1:$MUTUAL_PORT"
FAST="--dial-timeout=1s --command-timeout=1s"
# etcdctl prints: x509: certificate signed by unknown authority
# etcdctl prints: Failed to get the status of endpoint https://127.0.0.1:
# etcdctl prints: k\nv\n[exit 0]
# etcdctl prints: foo\nbar\n[exit 0]
# etcdctl prints: Error: tls: private key type does not match public key type
# etcdctl prints: Error: x509: malformed tbs certificate
# the server's certificate signed by the given CA, for the IP and for the name
run etcdctl --endpoints "https://localhost:$SECURE_PORT" --cacert "$CERTS/ca.crt" put foo bar
run etcdctl --endpoints "$SECURE" --cacert "$CERTS/ca.crt" -w table endpoint status
# a CA that did not sign it, and no CA at all (the system roots do not know the test CA)
run etcdctl --endpoints "$SECURE" --cacert "$CERTS/other-ca.crt" $FAST get foo
run etcdctl --endpoints "$SECURE" $FAST get foo
run etcdctl --endpoints "$SECURE" --cacert "$CERTS/other-ca.crt" $FAST endpoint status
# skipping verification needs a TLS configuration: alone it changes nothing
run etcdctl --endpoints "$SECURE" --insecure-skip-tls-verify $FAST get foo
run etcdctl --endpoints "$SECURE" --insecure-skip-tls-verify --insecure-transport=false get foo
# an endpoint without scheme: TLS when a TLS option is given
run etcdctl --endpoints "127.0.0.1:$SECURE_PORT" --cacert "$CERTS/ca.crt" get foo
# http endpoints stay plaintext whatever the TLS options
run etcdctl --endpoints "http://127.0.0.1:$PLAIN_PORT" --cacert "$CERTS/ca.crt" --insecure-transport=false put foo plain
# the ETCDCTL_ variables
ETCDCTL_CACERT="$CERTS/ca.crt" run etcdctl --endpoints "$SECURE" get foo
# a server requiring client certificates
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/ca.crt" $FAST put k v
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/ca.crt" $FAST endpoint status
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/ca.crt" --cert "$CERTS/client.crt" --key "$CERTS/client.key" put k v
ETCDCTL_CERT="$CERTS/client.crt" ETCDCTL_KEY="$CERTS/client.key" ETCDCTL_CACERT="$CERTS/ca.crt" run etcdctl --endpoints "$MUTUAL" get k
# client keys in PKCS#1 and SEC 1 (EC) form, as Go reads them
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/ca.crt" --cert "$CERTS/client-rsa.crt" --key "$CERTS/client-rsa.key" get k
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/ca.crt" --cert "$CERTS/client-ec.crt" --key "$CERTS/client-ec.key" get k
# files Go's TLS setup rejects before dialling (exit 128)
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/ca.crt" --cert "$CERTS/client.crt" --key "$CERTS/client-ec.key" get k
run etcdctl --endpoints "$MUTUAL" --cacert "$CERTS/client.key" endpoint health
