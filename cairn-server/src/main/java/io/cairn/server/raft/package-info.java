/** Consensus behind {@link io.cairn.server.raft.RaftNode}; the only package that imports Ratis. */
package io.cairn.server.raft;
