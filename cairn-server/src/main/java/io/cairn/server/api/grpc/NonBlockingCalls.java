package io.cairn.server.api.grpc;

import io.cairn.api.KVGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Runs the KV service's unary calls on the transport thread that read them, instead of handing each
 * one to gRPC's call executor: their handlers only check the request and hand it to the server
 * core, which answers through a future (a point read at once; a scan on a pool of its own, see
 * {@code EtcdServer#read}), so the hand-off costs a thread wake-up per request and buys nothing.
 * gRPC still looks the method up (and asks this class) on its executor; the call's messages and
 * its handler then run on the transport thread, or on the lookup's thread if they arrive before
 * it has finished.
 * Measured (docs/benchmarks.md, bench/ab): 1.2x puts at 64 and 256 clients, 1.45x at one, 1.9x
 * serializable point reads. The other calls (streams, snapshots, defragment, membership) may block
 * and keep the executor.
 */
public final class NonBlockingCalls implements ServerCallExecutorSupplier {
  private static final Set<String> METHODS = Set.of(
      KVGrpc.getRangeMethod().getFullMethodName(),
      KVGrpc.getPutMethod().getFullMethodName(),
      KVGrpc.getDeleteRangeMethod().getFullMethodName(),
      KVGrpc.getTxnMethod().getFullMethodName());

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
    // null: gRPC's own executor
    return METHODS.contains(call.getMethodDescriptor().getFullMethodName()) ? Runnable::run : null;
  }
}
