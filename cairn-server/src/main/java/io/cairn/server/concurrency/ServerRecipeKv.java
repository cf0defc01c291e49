package io.cairn.server.concurrency;

import io.cairn.server.auth.Credentials;
import io.grpc.Context;
import java.util.function.Supplier;
import com.google.protobuf.ByteString;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.Event;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.server.core.EtcdServer;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.watch.WatchHub;
import io.cairn.server.watch.WatchSink;
import io.cairn.server.watch.Watcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@link RecipeKv} on the server itself: requests go through the log, watches to its hub. */
public final class ServerRecipeKv implements RecipeKv {
  /** Recipe watchers are not a client's: their IDs never reach a stream. */
  private static final long INTERNAL_WATCH_ID = -1;

  private final EtcdServer server;
  private final WatchHub hub;
  /**
   * Listeners run here, never on the apply thread the hub calls from; one thread, so that a
   * watch's revisions reach its listener in order.
   */
  private final Executor listeners;
  /** The sender the requests are made for: attached to each, whatever thread makes it. */
  private final Context caller;

  /** {@code listeners} must run tasks one at a time, in order. */
  public ServerRecipeKv(EtcdServer server, Executor listeners) {
    this(server, listeners, Credentials.NONE);
  }

  private ServerRecipeKv(EtcdServer server, Executor listeners, Credentials credentials) {
    this.server = server;
    this.hub = server.watchHub();
    this.listeners = listeners;
    this.caller = Context.ROOT.withValue(Credentials.KEY, credentials);
  }

  /** The same, making its requests as the sender with these credentials. */
  public ServerRecipeKv as(Credentials credentials) {
    return new ServerRecipeKv(server, listeners, credentials);
  }

  private <T> T asCaller(Supplier<T> request) {
    Context previous = caller.attach();
    try {
      return request.get();
    } finally {
      caller.detach(previous);
    }
  }

  @Override
  public CompletableFuture<TxnResponse> txn(TxnRequest r) {
    return asCaller(() -> server.txn(r));
  }

  @Override
  public CompletableFuture<RangeResponse> range(RangeRequest r) {
    return asCaller(() -> server.range(r));
  }

  @Override
  public CompletableFuture<DeleteRangeResponse> delete(ByteString key) {
    return asCaller(() -> server.deleteRange(DeleteRangeRequest.newBuilder().setKey(key).build()));
  }

  @Override
  public CompletableFuture<Long> grantLease(long ttlSeconds) {
    return asCaller(() -> server.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds)
        .build())).thenApply(r -> r.getID());
  }

  @Override
  public ResponseHeader header(long revision) {
    return server.header(revision);
  }

  @Override
  public AutoCloseable watch(ByteString key, ByteString end, long fromRevision, WatchListener l) {
    WatchSink sink = new WatchSink() {
      @Override
      public boolean hasCapacity() {
        return true;
      }

      @Override
      public void send(Watcher w, long revision, List<Event> events) {
        listeners.execute(() -> l.onEvents(revision, events));
      }

      @Override
      public void compacted(Watcher w, long compactRevision) {
        listeners.execute(() -> l.onEnd(EtcdError.COMPACTED.exception()));
      }
    };
    Watcher watcher = new Watcher(INTERNAL_WATCH_ID, key, end, false, false, false, false, false, sink);
    hub.watch(watcher, fromRevision);
    return () -> hub.cancel(watcher);
  }
}
