# watch -i: watches and progress requests read from stdin; bad lines are reported and skipped
run etcdctl put w1 'a b'
run etcdctl put w2 x
{
  printf 'watch w1 --rev=1\n'
  sleep 3
  printf 'bogus\n\nwatch\nwatch w --prefix w3 --rev=1\nwatch -- echo\n'
  printf 'watch w2 --rev=2 --prev-kv -- sh -c "echo exec: $ETCD_WATCH_KEY"\n'
  sleep 1
  printf 'progress\n'
  sleep 1
} | run timeout 15 etcdctl watch -i
# the end of stdin ends the command (exit 3); bad watch arguments end it too (exit 128)
run etcdctl watch -i </dev/null
printf 'watch w1 --bogus\n' | run etcdctl watch -i
printf 'watch w1 --\n' | run etcdctl watch -i
{ printf 'watch w2 --rev=1\n'; sleep 3; } | run timeout 15 etcdctl watch -i -w json
