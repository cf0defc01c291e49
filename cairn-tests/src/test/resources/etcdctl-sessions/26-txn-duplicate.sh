printf '\nput a 1\nput a 2\n\n\n' | run etcdctl txn
printf '\nput a 1\ndel a\n\n\n' | run etcdctl txn
