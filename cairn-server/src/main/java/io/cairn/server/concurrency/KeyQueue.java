package io.cairn.server.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.Event;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;

/**
 * The queue both recipes keep: keys under {@code name/}, one per lease, served in create-revision
 * order; a waiter waits for every key created before its own to be deleted.
 */
final class KeyQueue {
  private KeyQueue() {}

  /** {@code name/}: the recipes' key prefix. */
  static ByteString prefix(ByteString name) {
    return name.concat(ByteString.copyFromUtf8("/"));
  }

  /** {@code name/<lease in hex>}: the key a lease holds in the queue. */
  static ByteString keyOf(ByteString prefix, long lease) {
    return prefix.concat(ByteString.copyFromUtf8(Long.toHexString(lease)));
  }

  /** The end of the range of keys starting with {@code prefix} (etcd's GetPrefixRangeEnd). */
  static ByteString prefixEnd(ByteString prefix) {
    byte[] end = prefix.toByteArray();
    for (int i = end.length - 1; i >= 0; i--) {
      if ((end[i] & 0xff) < 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return ByteString.copyFrom(new byte[] {0});
  }

  /** The key at the head of the queue: the oldest created. */
  static RangeRequest head(ByteString prefix) {
    return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix))
        .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.ASCEND)
        .setLimit(1).build();
  }

  /** The newest key created at or before {@code maxCreateRevision}. */
  static RangeRequest lastBefore(ByteString prefix, long maxCreateRevision) {
    return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix))
        .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.DESCEND)
        .setLimit(1).setMaxCreateRevision(maxCreateRevision).build();
  }

  /**
   * Joins the queue: puts {@code key} bound to {@code lease} unless it exists (the lease queued
   * already keeps its place), then reads the key (on failure) and, if {@code withHead}, the head.
   */
  static TxnRequest join(ByteString prefix, ByteString key, long lease, ByteString value,
      boolean withHead) {
    TxnRequest.Builder txn = TxnRequest.newBuilder()
        .addCompare(createdAt(key, 0))
        .addSuccess(RequestOp.newBuilder().setRequestPut(
            PutRequest.newBuilder().setKey(key).setValue(value).setLease(lease)))
        .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)));
    if (withHead) {
      txn.addSuccess(RequestOp.newBuilder().setRequestRange(head(prefix)))
          .addFailure(RequestOp.newBuilder().setRequestRange(head(prefix)));
    }
    return txn.build();
  }

  static Compare createdAt(ByteString key, long revision) {
    return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
        .setResult(Compare.CompareResult.EQUAL).setCreateRevision(revision).build();
  }

  /**
   * Completes, with the header of the last look, when no key created at or before
   * {@code maxCreateRevision} is left; fails when {@code cancelled} completes first.
   */
  static CompletableFuture<ResponseHeader> waitDeletes(RecipeKv kv, ByteString prefix,
      long maxCreateRevision, CompletableFuture<Void> cancelled) {
    return kv.range(lastBefore(prefix, maxCreateRevision)).thenCompose(r -> {
      if (r.getKvsCount() == 0) {
        return CompletableFuture.completedFuture(r.getHeader());
      }
      return waitDelete(kv, r.getKvs(0).getKey(), r.getHeader().getRevision(), cancelled)
          .thenCompose(v -> waitDeletes(kv, prefix, maxCreateRevision, cancelled));
    });
  }

  /** Completes when {@code key} is deleted at or after {@code fromRevision}. */
  static CompletableFuture<Void> waitDelete(RecipeKv kv, ByteString key, long fromRevision,
      CompletableFuture<Void> cancelled) {
    CompletableFuture<Void> deleted = new CompletableFuture<>();
    AutoCloseable watch = kv.watch(key, ByteString.EMPTY, fromRevision, new RecipeKv.WatchListener() {
      @Override
      public void onEvents(long revision, java.util.List<Event> events) {
        if (events.stream().anyMatch(e -> e.getType() == Event.EventType.DELETE)) {
          deleted.complete(null);
        }
      }

      @Override
      public void onEnd(Throwable why) {
        deleted.completeExceptionally(why);
      }
    });
    cancelled.whenComplete((v, e) -> deleted.completeExceptionally(canceled()));
    deleted.whenComplete((v, e) -> close(watch));
    return deleted;
  }

  /** What a client that went away is answered (it no longer listens). */
  static RuntimeException canceled() {
    return Status.CANCELLED.withDescription("context canceled").asRuntimeException();
  }

  static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
