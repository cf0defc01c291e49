package io.cairn.server.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.Event;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the recipes need of the server: its KV requests, lease grants and watches. */
public interface RecipeKv {
  CompletableFuture<TxnResponse> txn(TxnRequest r);

  CompletableFuture<RangeResponse> range(RangeRequest r);

  CompletableFuture<DeleteRangeResponse> delete(ByteString key);

  /** Grants a lease of {@code ttlSeconds}; completes with its ID. */
  CompletableFuture<Long> grantLease(long ttlSeconds);

  /** A response header at {@code revision}, with the cluster's and this member's IDs. */
  ResponseHeader header(long revision);

  /**
   * Watches {@code [key, end)} (empty end: the key alone) from {@code fromRevision}; the listener
   * is called off the apply thread, one revision at a time, in order. Close the handle to stop.
   */
  AutoCloseable watch(ByteString key, ByteString end, long fromRevision, WatchListener listener);

  /** A watch's events, or its end. */
  interface WatchListener {
    void onEvents(long revision, List<Event> events);

    /** The start revision was compacted, or the server is closing: the watch is over. */
    void onEnd(Throwable why);
  }
}
