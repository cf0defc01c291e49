# Shared by bench/compare, ab, scaling and warmup (sourced; needs $root, $tool, $members, $keep):
# the etcd and Cairn members they start (etcd on 127.0.1.N, Cairn on 127.0.2.N, ab's second Cairn
# on 127.0.3.N, client port 2379, peer 2380, fresh data dirs under $work), the load generator and
# its measured runs, and the RSS / data-dir probes. Only the
# processes started here are stopped, by PID.
etcd_bin=/usr/bin/etcd
command -v etcdctl >/dev/null || { echo "$tool: etcdctl not found (apt-get install etcd-client)" >&2; exit 1; }
[ -x "$etcd_bin" ] || { echo "$tool: $etcd_bin not found (apt-get install etcd-server)" >&2; exit 1; }
# CAIRN_JAR: another server jar to measure (an A/B of two builds against the same etcd); members
# start as bin/cairn starts them (CAIRN_JAVA_OPTS, JAVA_HOME). bench/ab's second Cairn ("cairn-b",
# on 127.0.3.N) takes CAIRN_B_JAR and CAIRN_B_JAVA_OPTS instead, each defaulting to the first's, and
# CAIRN_B_ENV: VAR=value words set for B's members only (MALLOC_ARENA_MAX=2, say).
cairn_jar="${CAIRN_JAR:-$root/cairn-server/target/cairn.jar}"
cairn_b_jar="${CAIRN_B_JAR:-$cairn_jar}"
bench_jar="$root/cairn-bench/target/cairn-bench.jar"
# The load generator shares the cores with the servers: C1 only and the serial GC make its short runs
# cheapest (measured: ~2.3x the serializable-range throughput of C2 + ParallelGC in a 4 s run).
bench_java=(java -Xms256m -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$bench_jar")
if [ ! -f "$cairn_jar" ] || [ ! -f "$bench_jar" ]; then
  echo "$tool: building jars..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -pl cairn-api,cairn-server,cairn-bench -am install) >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-$tool.XXXXXX")"
results="$work/results.jsonl"
: > "$results"
declare -a pids=() names=()

stop_all() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  pids=()
  if [ "$keep" = 0 ]; then rm -rf "$work"; else echo "$tool: kept $work" >&2; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

net_of() { # sys -> the third octet of its members' addresses
  case "$1" in etcd) echo 1 ;; cairn) echo 2 ;; cairn-b) echo 3 ;; *) echo "$tool: no system $1" >&2; exit 2 ;; esac
}

for sys in etcd cairn cairn-b; do
  net="$(net_of "$sys")"
  for i in $(seq "$members"); do
    if ss -ltn | grep -qE "127\.0\.$net\.$i:(2379|2380)\b|0\.0\.0\.0:(2379|2380)\b|\*:(2379|2380)\b"; then
      echo "$tool: 127.0.$net.$i:2379/2380 is already in use" >&2; exit 1
    fi
  done
done

cluster() { # sys -> --initial-cluster value
  local net=$1 c="" i
  for i in $(seq "$members"); do c="${c:+$c,}m$i=http://127.0.$net.$i:2380"; done
  echo "$c"
}
endpoints() {
  local net=$1 e="" i
  for i in $(seq "$members"); do e="${e:+$e,}127.0.$net.$i:2379"; done
  echo "$e"
}

start_members() { # sys
  local sys=$1 net i ic
  net="$(net_of "$sys")"
  ic="$(cluster $net)"
  for i in $(seq "$members"); do
    local a="127.0.$net.$i" dir="$work/$sys-m$i"
    local flags=(--name "m$i" --data-dir "$dir"
      --listen-client-urls "http://$a:2379" --advertise-client-urls "http://$a:2379"
      --listen-peer-urls "http://$a:2380" --initial-advertise-peer-urls "http://$a:2380"
      --initial-cluster "$ic" --initial-cluster-token "bench-$sys" --initial-cluster-state new)
    if [ "$sys" = etcd ]; then
      "$etcd_bin" "${flags[@]}" >> "$work/$sys-m$i.log" 2>&1 &
    elif [ "$sys" = cairn ]; then
      CAIRN_JAR="$cairn_jar" "$root/bin/cairn" "${flags[@]}" >> "$work/$sys-m$i.log" 2>&1 &
    else
      # shellcheck disable=SC2086
      env ${CAIRN_B_ENV:-} CAIRN_JAR="$cairn_b_jar" CAIRN_JAVA_OPTS="${CAIRN_B_JAVA_OPTS:-${CAIRN_JAVA_OPTS:-}}" \
        "$root/bin/cairn" "${flags[@]}" >> "$work/$sys-m$i.log" 2>&1 &
    fi
    pids+=($!); names+=("$sys-m$i")
  done
}

cpu_of() { # sys -> NAME=PID,... of its members, for cairn-bench --cpu-of
  local sys=$1 k list=""
  for k in "${!pids[@]}"; do
    if [[ "${names[$k]}" == "$sys-m"* ]]; then list="${list:+$list,}${names[$k]#"$sys-"}=${pids[$k]}"; fi
  done
  echo "$list"
}

stop_system() { # sys: SIGTERM to its members, SIGKILL after 5 s; forgets their PIDs
  local sys=$1 k
  local -a keep_pids=() keep_names=()
  for k in "${!pids[@]}"; do
    if [[ "${names[$k]}" == "$sys-m"* ]]; then
      kill -TERM "${pids[$k]}" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "${pids[$k]}" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "${pids[$k]}" 2>/dev/null || true
      wait "${pids[$k]}" 2>/dev/null || true
    else
      keep_pids+=("${pids[$k]}"); keep_names+=("${names[$k]}")
    fi
  done
  pids=("${keep_pids[@]}"); names=("${keep_names[@]}")
}

wait_ready() { # sys
  local sys=$1 net t
  net="$(net_of "$sys")"
  for t in $(seq 120); do
    if ETCDCTL_API=3 etcdctl --endpoints="$(endpoints $net)" --command-timeout=2s put bench-ready 1 >/dev/null 2>&1; then
      log "$sys ready after ~$((t / 2)) s"; return 0
    fi
    sleep 0.5
  done
  echo "$tool: $sys did not become ready; logs in $work" >&2; keep=1; exit 1
}

# The workloads by name, for bench/compare and bench/ab: name -> cairn-bench arguments. Puts write
# 256-byte values over 100k keys; ranges and txn-mixed read the key "rangekey" (put_rangekey).
bench_val=256
workload_args() { # name
  local put="--key-size 8 --val-size $bench_val --key-space-size 100000"
  case "$1" in
    put-1c) echo "put --conns 1 --clients 1 $put" ;;
    put-1000c) echo "put --conns 100 --clients 1000 $put" ;;
    put-16c|put-64c|put-256c) local n=${1#put-}; echo "put --conns 16 --clients ${n%c} $put" ;;
    range-[ls]-64c|range-[ls]-256c)
      local c=${1:6:1} n=${1#range-?-}; echo "range rangekey --consistency $c --conns 16 --clients ${n%c}" ;;
    txn-put-16c) echo "txn-put --conns 4 --clients 16 $put" ;;
    txn-mixed-64c) echo "txn-mixed rangekey --rw-ratio 1 --conns 16 --clients 64 $put" ;;
    lease-keepalive-64c) echo "lease-keepalive --conns 16 --clients 64" ;;
    watch-latency) echo "watch-latency --conns 4 --streams 10 --watchers-per-stream 10 --rate 100 --val-size 32" ;;
    watch-1k) echo "watch --conns 4 --streams 10 --watchers-per-stream 100 --watched-key-total 100 --rate 100 --val-size 32" ;;
    watch-10k) echo "watch --conns 4 --streams 100 --watchers-per-stream 100 --watched-key-total 100 --rate 100 --val-size 32" ;;
    watch-10k-sat) echo "watch --conns 4 --streams 100 --watchers-per-stream 100 --watched-key-total 100 --rate 3000 --val-size 32" ;;
    *) echo "$tool: no workload $1" >&2; return 1 ;;
  esac
}
put_rangekey() { # sys
  ETCDCTL_API=3 etcdctl --endpoints="$(endpoints "$(net_of "$1")")" put rangekey \
    "$(head -c $bench_val /dev/zero | tr '\0' v)" >/dev/null
}

# One measured run of cairn-bench against sys's leader, with its members' CPU per op, recorded in
# $results for the report.
bench() { # sys workload round args...
  local sys=$1 wl=$2 round=$3; shift 3
  local net; net="$(net_of "$sys")"
  local line
  if ! line="$("${bench_java[@]}" "$@" --cpu-of "$(cpu_of "$sys")" \
      --endpoints "$(endpoints $net)" --target-leader --json 2>>"$work/bench-stderr.log" | tail -1)"; then
    log "  $sys $wl round $round FAILED (see stderr)"; line='{"ops_per_sec":0,"p99_ms":0,"errors":-1}'
  fi
  echo "{\"sys\":\"$sys\",\"wl\":\"$wl\",\"round\":$round,\"r\":$line}" >> "$results"
  log "  $sys $wl round $round: $(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%.0f ops/s, p99 %.2f ms, %d errors" % (r["ops_per_sec"], r["p99_ms"], r["errors"]))' "$line")"
}

rss_snapshot() { # label -> appends VmHWM of each server process
  local k
  for k in "${!pids[@]}"; do
    local hwm
    hwm="$(awk '/VmHWM/ {print $2}' "/proc/${pids[$k]}/status" 2>/dev/null || echo 0)"
    echo "{\"rss\":\"$1\",\"proc\":\"${names[$k]}\",\"kb\":${hwm:-0}}" >> "$results"
  done
}
du_snapshot() { # label
  local s
  for s in etcd cairn; do
    local b
    b="$(du -sb "$work"/$s-m* 2>/dev/null | awk '{t+=$1} END {print t+0}')"
    echo "{\"du\":\"$1\",\"sys\":\"$s\",\"bytes\":$b}" >> "$results"
  done
}

