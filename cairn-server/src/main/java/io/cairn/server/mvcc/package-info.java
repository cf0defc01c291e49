/** etcd's MVCC: revisions, key index, compaction and history over the backend. */
package io.cairn.server.mvcc;
