# make-mirror onto the same member under another prefix (the runner starts one member): the base
# copy, then changes made while it runs; the final state of the keys shows what it mirrored
run etcdctl put src/a 1
run etcdctl put src/b 2
run etcdctl put other x
run etcdctl make-mirror
run etcdctl make-mirror one two
run etcdctl make-mirror --prefix=src/ --dest-prefix=x --no-dest-prefix "$ETCDCTL_ENDPOINTS"

# mirror_until KEY VALUE ARGS...: runs make-mirror ARGS in the background, changes src/ (last
# src/b=VALUE), waits (bounded) until the mirror's KEY holds VALUE, then stops it and shows its output
mirror_until() {
  local key=$1 value=$2
  shift 2
  printf '$ etcdctl make-mirror %s &\n' "$*"
  etcdctl make-mirror "$@" >mm.out 2>mm.err &
  local mirror=$!
  sleep 2
  etcdctl put src/c 3 >/dev/null
  etcdctl del src/a >/dev/null
  etcdctl put src/b "$value" >/dev/null
  for _ in $(seq 60); do
    [ "$(etcdctl get "$key" --print-value-only)" = "$value" ] && break
    sleep 0.2
  done
  kill "$mirror"
  wait "$mirror"
  echo "[stopped: exit $?]"
  cat mm.out mm.err
}
mirror_until dst/b 22 --prefix=src/ --dest-prefix=dst/ "$ETCDCTL_ENDPOINTS"
run etcdctl get "" --prefix
run etcdctl put src/a 1
mirror_until b 33 --prefix=src/ --no-dest-prefix "$ETCDCTL_ENDPOINTS"
run etcdctl get "" --prefix
