package io.cairn.server.api.grpc;

import io.cairn.server.core.EtcdServer;
import io.cairn.api.CompactionRequest;
import io.cairn.api.CompactionResponse;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** etcd's KV service: validates, then hands requests to the server core. */
public final class KvService extends KVGrpc.KVImplBase {
  private final EtcdServer server;

  public KvService(EtcdServer server) {
    this.server = server;
  }

  @Override
  public void range(RangeRequest r, StreamObserver<RangeResponse> out) {
    GrpcErrors.reply(checked(() -> KvRequestChecks.checkRange(r), () -> server.range(r)), out);
  }

  @Override
  public void put(PutRequest r, StreamObserver<PutResponse> out) {
    GrpcErrors.reply(checked(() -> KvRequestChecks.checkPut(r), () -> server.put(r)), out);
  }

  @Override
  public void deleteRange(DeleteRangeRequest r, StreamObserver<DeleteRangeResponse> out) {
    GrpcErrors.reply(checked(() -> KvRequestChecks.checkDelete(r), () -> server.deleteRange(r)), out);
  }

  @Override
  public void txn(TxnRequest r, StreamObserver<TxnResponse> out) {
    GrpcErrors.reply(checked(() -> KvRequestChecks.checkTxn(r, server.config().maxTxnOps()),
        () -> server.txn(r)), out);
  }

  @Override
  public void compact(CompactionRequest r, StreamObserver<CompactionResponse> out) {
    GrpcErrors.reply(server.compact(r), out);
  }

  private static <T> CompletableFuture<T> checked(Runnable check,
      java.util.function.Supplier<CompletableFuture<T>> call) {
    try {
      check.run();
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
