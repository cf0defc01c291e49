/** The durable store under MVCC, lease and membership state; the only user of RocksDB. */
package io.cairn.server.backend;
