package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.StreamQueue;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicLong;

/**
 * clientv3/mirror's syncer as make-mirror drives it: the keys under a prefix at one revision,
 * copied to the destination in pages of 1000, then the source's changes from the next revision,
 * one destination transaction per source revision. Keys are renamed by replacing the first
 * occurrence of the source prefix (Go's strings.Replace with n = 1).
 */
final class Mirror {
  private static final int PAGE = 1000;

  /** The watch fell behind a compaction (rpctypes.ErrCompacted). */
  static final class CompactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CompactedException() {
      super("etcdserver: mvcc: required revision has been compacted", null, false, false);
    }
  }

  private final EtcdClient source;
  private final EtcdClient dest;
  private final ByteString prefix;
  private final AtomicLong total = new AtomicLong();
  private long revision;
  /** Whether the keys at {@link #revision} are copied before the changes after it. */
  private boolean copyBase = true;
  private ByteString destPrefix;

  Mirror(EtcdClient source, EtcdClient dest, String prefix) {
    this.source = source;
    this.dest = dest;
    this.prefix = Keys.bytes(prefix);
  }

  long total() {
    return total.get();
  }

  /** The syncer's start: the source's current revision, read with a get of "foo". */
  void readBaseRevision() {
    revision = source.kv().range(RangeRequest.newBuilder().setKey(Keys.bytes("foo")).build())
        .getHeader().getRevision();
  }

  /** Mirrors the changes from {@code firstRevision} on, without copying the keys before it. */
  void startAt(long firstRevision) {
    revision = firstRevision - 1;
    copyBase = false;
  }

  /** Copies the base, then mirrors changes until the watch ends; throws on the first error. */
  void run(String destPrefix) {
    this.destPrefix = Keys.bytes(destPrefix);
    if (copyBase) {
      copyBase();
    }
    mirrorUpdates();
  }

  private void copyBase() {
    boolean all = prefix.isEmpty();
    ByteString key = all ? Keys.NUL : prefix;
    ByteString end = all ? Keys.NUL : Keys.prefixEnd(prefix);
    while (true) {
      RangeResponse page = source.kv().range(RangeRequest.newBuilder().setKey(key).setRangeEnd(end)
          .setLimit(PAGE).setRevision(revision).build());
      for (KeyValue kv : page.getKvsList()) {
        dest.kv().put(PutRequest.newBuilder().setKey(rename(kv.getKey())).setValue(kv.getValue()).build());
        total.incrementAndGet();
      }
      if (!page.getMore()) {
        return;
      }
      key = page.getKvs(page.getKvsCount() - 1).getKey().concat(Keys.NUL);
    }
  }

  private void mirrorUpdates() {
    StreamQueue<WatchResponse> responses = new StreamQueue<>();
    StreamObserver<WatchRequest> requests = source.watch().watch(responses);
    boolean all = prefix.isEmpty();
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(all ? Keys.NUL : prefix).setRangeEnd(all ? Keys.NUL : Keys.prefixEnd(prefix))
        .setStartRevision(revision + 1)).build());
    try {
      while (true) {
        StreamQueue.Next<WatchResponse> next = responses.take();
        if (next.ended()) {
          // the Go client closes the channel when the stream ends: make-mirror then ends with nil
          return;
        }
        WatchResponse r = next.message();
        if (r.getCompactRevision() != 0) {
          throw new CompactedException();
        }
        if (r.getCanceled()) {
          return;
        }
        apply(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      requests.onCompleted();
    }
  }

  /** One destination transaction per source revision, as the changes happened. */
  private void apply(WatchResponse r) {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    long lastRev = 0;
    for (Event ev : r.getEventsList()) {
      long rev = ev.getKv().getModRevision();
      if (lastRev != 0 && rev > lastRev) {
        dest.kv().txn(txn.build());
        txn = TxnRequest.newBuilder();
      }
      lastRev = rev;
      ByteString key = rename(ev.getKv().getKey());
      if (ev.getType() == Event.EventType.PUT) {
        txn.addSuccess(RequestOp.newBuilder().setRequestPut(
            PutRequest.newBuilder().setKey(key).setValue(ev.getKv().getValue())));
      } else {
        txn.addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
            DeleteRangeRequest.newBuilder().setKey(key)));
      }
      total.incrementAndGet();
    }
    if (txn.getSuccessCount() > 0) {
      dest.kv().txn(txn.build());
    }
  }

  /** strings.Replace(key, prefix, destPrefix, 1): an empty prefix puts destPrefix in front. */
  ByteString rename(ByteString key) {
    if (prefix.isEmpty()) {
      return destPrefix.concat(key);
    }
    byte[] k = key.toByteArray();
    byte[] p = prefix.toByteArray();
    for (int i = 0; i + p.length <= k.length; i++) {
      if (matchesAt(k, p, i)) {
        return key.substring(0, i).concat(destPrefix).concat(key.substring(i + p.length));
      }
    }
    return key;
  }

  private static boolean matchesAt(byte[] k, byte[] p, int at) {
    for (int j = 0; j < p.length; j++) {
      if (k[at + j] != p[j]) {
        return false;
      }
    }
    return true;
  }
}
