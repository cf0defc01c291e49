/** Cluster members and etcd-compatible member and cluster IDs. */
package io.cairn.server.membership;
