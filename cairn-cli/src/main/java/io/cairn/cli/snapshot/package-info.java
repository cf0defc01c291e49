/**
 * Reading saved snapshot files without a server, for {@code snapshot status}: etcd's (a bbolt
 * database, read by {@link io.cairn.bolt.BoltFile}) and Cairn's (a backend dump, read by
 * {@link io.cairn.cli.snapshot.CairnDump}); both give a {@link io.cairn.cli.snapshot.SnapshotStatus}.
 */
package io.cairn.cli.snapshot;
