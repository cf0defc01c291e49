# every command's help (cobra's template from ctlv3/help.go), by --help and -h; no server needed
for c in get put del txn compaction watch "lease grant" "lease revoke" "lease timetolive" \
    "lease list" "lease keep-alive" "member add" "member remove" "member update" "member list" \
    "member promote" "endpoint health" "endpoint status" "endpoint hashkv" "alarm disarm" \
    "alarm list" defrag "snapshot save" "snapshot status" move-leader version make-mirror "completion bash" \
    "completion zsh" help lease member endpoint alarm; do
  run etcdctl $c --help
done
run etcdctl get -h
run etcdctl endpoint status -h
