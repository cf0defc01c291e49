# cobra's prefix matching (EnablePrefixMatching) below the root: a unique prefix runs the subcommand
run etcdctl lease gr 100
run etcdctl lease li
run etcdctl mem l
run etcdctl endpoint ha
run etcdctl al li
run etcdctl put k v
run etcdctl lease ti 1 --keys
