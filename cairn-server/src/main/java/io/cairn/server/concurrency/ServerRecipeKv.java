package io.cairn.server.concurrency;

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

  /** {@code listeners} must run tasks one at a time, in order. */
  public ServerRecipeKv(EtcdServer server, Executor listeners) {
    this.server = server;
    this.hub = server.watchHub();
    this.listeners = listeners;
  }

  @Override
  public CompletableFuture<TxnResponse> txn(TxnRequest r) {
    return server.txn(r);
  }

  @Override
  public CompletableFuture<RangeResponse> range(RangeRequest r) {
    return server.range(r);
  }

  @Override
  public CompletableFuture<DeleteRangeResponse> delete(ByteString key) {
    return server.deleteRange(DeleteRangeRequest.newBuilder().setKey(key).build());
  }

  @Override
  public CompletableFuture<Long> grantLease(long ttlSeconds) {
    return server.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build())
        .thenApply(r -> r.getID());
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
