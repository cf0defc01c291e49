package io.cairn.server.raft;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallExecutorSupplier;

/**
 * Runs the Raft messages on the path of every put on the transport thread of Ratis's peer server
 * that read them, instead of handing each to gRPC's call executor: appends and read-index
 * questions. Their handlers pass the work to Ratis's own threads (the log worker, the state machine
 * updater) and answer through futures, so the hand-off only added a thread wake-up to every
 * message. Measured with bench/ab: 1.25x puts at one client (p99 0.72x), 1.02x at 64 and 256
 * (docs/benchmarks.md). An append waits here only when the log worker's queue is full (a follower
 * catching up) or while the member changes role. Votes (they write and sync the term, then wait for
 * the old role to stop), snapshot installs (file writes), the admin calls and the writes followers
 * forward keep the executor: Ratis's handler of a forwarded write blocks until its client executor
 * has taken the request in, which waits for the server's lock; a leader removed from the cluster
 * holds that lock while it closes and waits for that executor, and the transport thread (gRPC
 * shares its event loops between servers) stopped every member's traffic on it
 * (MembershipInProcessTest hung in a rehearsal).
 */
final class PeerCalls implements ServerCallExecutorSupplier {
  private static final Set<String> METHODS = Stream.of(
      RaftServerProtocolServiceGrpc.getAppendEntriesMethod(),
      RaftServerProtocolServiceGrpc.getReadIndexMethod())
      // by name: Ratis may bind a method with marshallers of its own
      .map(MethodDescriptor::getFullMethodName).collect(Collectors.toUnmodifiableSet());

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
    // null: gRPC's own executor
    return METHODS.contains(call.getMethodDescriptor().getFullMethodName()) ? Runnable::run : null;
  }
}
