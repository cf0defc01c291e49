# etcd gives an added member a time-based ID and lists members by ID, so where the new member
# lands in a listing is chance: listings here are sorted before comparing.
run bash -o pipefail -c "etcdctl member add newbie --peer-urls=http://127.0.0.1:3 --learner | tee add.out | grep -v ETCD_INITIAL_CLUSTER="
run bash -o pipefail -c "grep ETCD_INITIAL_CLUSTER= add.out | cut -d'\"' -f2 | tr , '\n' | sort"
id=$(awk '/^Member/{print $2}' add.out)
run bash -o pipefail -c "etcdctl member list | grep ', started,'"
run bash -o pipefail -c "etcdctl member list | grep -v ', started,'"
run etcdctl member promote $id
run etcdctl member remove $id
run etcdctl member list
run etcdctl member list -w json
run etcdctl member remove $id
