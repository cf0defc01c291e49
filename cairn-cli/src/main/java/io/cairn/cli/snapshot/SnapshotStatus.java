package io.cairn.cli.snapshot;

/**
 * etcd's snapshot.Status: a CRC-32C over every bucket's name and its keys and values in order, the
 * main revision of the last key in the "key" bucket, the number of keys in all buckets, and the
 * size of the database in bytes.
 */
public record SnapshotStatus(int hash, long revision, long totalKey, long totalSize) {}
