package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchResponse;
import io.cairn.cli.client.EtcdClient;
import java.util.function.Consumer;

/**
 * concurrency's Election: candidates queue under {@code <name>/} with the key
 * {@code <name>/<lease ID in hex>} holding their proposal; the oldest key is the leader. Observers
 * follow the leader key's values and, when it goes, the next leader.
 */
final class Election {
  private final EtcdClient client;
  private final ByteString prefix;
  private final Interrupts interrupts;
  private ByteString leaderKey;
  private long leaderRevision;

  Election(EtcdClient client, String name, Interrupts interrupts) {
    this.client = client;
    this.prefix = Keys.bytes(name + "/");
    this.interrupts = interrupts;
  }

  /**
   * Joins the queue with the proposal and waits to lead; when a signal cancels the wait, resigns
   * and throws "context canceled".
   */
  void campaign(LeaseSession session, String proposal) throws InterruptedException {
    ByteString key = Keys.bytes(prefix.toStringUtf8() + Long.toHexString(session.leaseId()));
    ByteString value = Keys.bytes(proposal);
    TxnResponse resp = client.kv().txn(TxnRequest.newBuilder()
        .addCompare(createRevisionIs(key, 0))
        .addSuccess(RequestOp.newBuilder().setRequestPut(
            PutRequest.newBuilder().setKey(key).setValue(value).setLease(session.leaseId())))
        .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
        .build());
    leaderKey = key;
    leaderRevision = resp.getHeader().getRevision();
    if (!resp.getSucceeded()) {
      KeyValue kv = resp.getResponses(0).getResponseRange().getKvs(0);
      leaderRevision = kv.getCreateRevision();
      if (!kv.getValue().equals(value)) {
        proclaim(session, value);
      }
    }
    try {
      new DeleteWaiter(client, interrupts).waitDeletes(prefix, leaderRevision - 1);
    } catch (RuntimeException e) {
      if (interrupts.fired()) {
        resign();
      }
      throw e;
    }
  }

  private void proclaim(LeaseSession session, ByteString value) {
    TxnResponse resp = client.kv().txn(TxnRequest.newBuilder()
        .addCompare(createRevisionIs(leaderKey, leaderRevision))
        .addSuccess(RequestOp.newBuilder().setRequestPut(
            PutRequest.newBuilder().setKey(leaderKey).setValue(value).setLease(session.leaseId())))
        .build());
    if (!resp.getSucceeded()) {
      resign();
      throw new CtlException(ExitCodes.ERROR, "election: not leader");
    }
  }

  /** Gives up leadership (or the place in the queue) if the key is still this candidate's. */
  void resign() {
    if (leaderKey == null) {
      return;
    }
    client.kv().txn(TxnRequest.newBuilder()
        .addCompare(createRevisionIs(leaderKey, leaderRevision))
        .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
            DeleteRangeRequest.newBuilder().setKey(leaderKey)))
        .build());
    leaderKey = null;
  }

  ByteString leaderKey() {
    return leaderKey;
  }

  /**
   * concurrency's observe: passes on the current leader (waiting for one if there is none), each
   * new value it proclaims, and after its key is deleted the next leader, until a signal stops it
   * (normal return) or a read or watch fails (exception).
   */
  void observe(Consumer<RangeResponse> leaders) throws InterruptedException {
    while (true) {
      interrupts.throwIfFired();
      RangeResponse resp = client.kv().range(Mutex.oldestUnder(prefix));
      RangeResponse leader = resp.getKvsCount() > 0 ? resp : firstLeaderAfter(resp);
      leaders.accept(leader);
      KeyValue kv = leader.getKvs(0);
      WatchCreateRequest create = WatchCreateRequest.newBuilder().setKey(kv.getKey())
          .setStartRevision(leader.getHeader().getRevision() + 1).build();
      try (KeyWatch watch = new KeyWatch(client, create, interrupts)) {
        if (!followUntilDeleted(watch, resp, leaders)) {
          throw new ObserverLost();
        }
      }
    }
  }

  /** The first leader put under the prefix after the read that found none. */
  private RangeResponse firstLeaderAfter(RangeResponse empty) throws InterruptedException {
    WatchCreateRequest create = WatchCreateRequest.newBuilder().setKey(prefix)
        .setRangeEnd(Keys.prefixEnd(prefix)).setStartRevision(empty.getHeader().getRevision()).build();
    try (KeyWatch watch = new KeyWatch(client, create, interrupts)) {
      for (WatchResponse r = watch.next(); r != null; r = watch.next()) {
        for (Event ev : r.getEventsList()) {
          // only puts; a delete would make the observer spin
          if (ev.getType() == Event.EventType.PUT) {
            return empty.toBuilder().clearKvs().addKvs(ev.getKv())
                .setHeader(r.getHeader().toBuilder().setRevision(ev.getKv().getModRevision()))
                .build();
          }
        }
      }
      throw new ObserverLost();
    }
  }

  /** Passes on the leader's new values until its key is deleted (true) or the watch ends (false). */
  private static boolean followUntilDeleted(KeyWatch watch, RangeResponse base,
      Consumer<RangeResponse> leaders) throws InterruptedException {
    for (WatchResponse r = watch.next(); r != null; r = watch.next()) {
      for (Event ev : r.getEventsList()) {
        if (ev.getType() == Event.EventType.DELETE) {
          return true;
        }
        leaders.accept(base.toBuilder().setHeader(r.getHeader()).clearKvs().addKvs(ev.getKv()).build());
      }
    }
    return false;
  }

  private static Compare createRevisionIs(ByteString key, long revision) {
    return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
        .setResult(Compare.CompareResult.EQUAL).setCreateRevision(revision).build();
  }

  /** The observer's watch or read ended without a signal: etcdctl's "observer lost". */
  static final class ObserverLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ObserverLost() {
      super("elect: observer lost", null, false, false);
    }
  }
}
