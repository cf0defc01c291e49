package io.cairn.server.raft;

import java.util.concurrent.CompletableFuture;

/** The base of test engines: each test overrides what it scripts; anything else fails loudly. */
public abstract class UnsupportedRaftNode implements RaftNode {

  @Override
  public void start() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> propose(byte[] entry) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<byte[]> askLeader(byte[] question) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<byte[]> askMember(long memberId, byte[] question) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> readBarrier() {
    throw new UnsupportedOperationException();
  }

  @Override
  public RaftStatus status() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> transferLeadership(long memberId, long timeoutMs) {
    throw new UnsupportedOperationException();
  }

  @Override
  public RaftMembers members() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> reconfigure(RaftMembers target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long matchIndex(long memberId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long millisSinceHeardFrom(long memberId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> stepDown() {
    throw new UnsupportedOperationException();
  }

  @Override
  public long commitIndexOf(long memberId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
