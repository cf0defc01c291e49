package io.cairn.tests.diff.random;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseLeasesRequest;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchCancelRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchProgressRequest;
import io.cairn.api.WatchRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random request sequences over a few keys and values, so that operations collide: everything comes
 * from one {@link Random}, so a seed gives the same sequence on every machine. Invalid requests are
 * part of the mix (empty keys, too many or duplicate txn ops, unknown leases, compacted and future
 * revisions, requests over {@link #MAX_REQUEST_BYTES}).
 */
public final class StepGenerator {
  /** Fewer than 12 keys: Go sorts so few elements stably, so equal sort targets keep key order. */
  private static final String[] KEYS = {"a", "a/1", "a/2", "b", "b/1", "c", "c\0"};
  private static final String[] VALUES = {"", "x", "y", "xy"};
  /** The servers' --max-request-bytes and --max-txn-ops, small so that the limits are cheap to hit. */
  public static final int MAX_REQUEST_BYTES = 4096;
  public static final int MAX_TXN_OPS = 8;
  public static final int WATCH_STREAMS = 2;
  /**
   * Lease TTLs long enough that no lease expires during a sequence: expiry times are not
   * deterministic, so shorter TTLs (and those clamped to the minimum TTL) are left out.
   */
  private static final long[] TTLS = {600, 3600};
  /** Above etcd's MaxLeaseTTL (9,000,000,000 s). */
  private static final long TOO_LARGE_TTL = 9_000_000_001L;

  private final Random rnd;
  /** A delete was generated in the txn being generated: its later puts need no key. */
  private boolean deleteInTxn;
  /** An upper bound of the store revision, to aim revisions near it. */
  private int revision = 1;
  private int leases;
  private final int[] watches = new int[WATCH_STREAMS];

  public StepGenerator(long seed) {
    this.rnd = new Random(seed);
  }

  public List<Step> generate(int n) {
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      steps.add(next());
    }
    return steps;
  }

  Step next() {
    int w = rnd.nextInt(100);
    if (w < 18) {
      revision++;
      return new Step(Step.Kind.PUT, 0, put(false));
    } else if (w < 36) {
      return new Step(Step.Kind.RANGE, 0, range());
    } else if (w < 43) {
      revision++;
      return new Step(Step.Kind.DELETE_RANGE, 0, delete());
    } else if (w < 58) {
      revision++;
      return new Step(Step.Kind.TXN, 0, txn(0));
    } else if (w < 61) {
      return new Step(Step.Kind.COMPACT, 0, CompactionRequest.newBuilder()
          .setRevision(revision()).setPhysical(rnd.nextInt(3) == 0).build());
    } else if (w < 66) {
      return new Step(Step.Kind.LEASE_GRANT, 0, grant());
    } else if (w < 69) {
      revision++; // revoking deletes the lease's keys
      return new Step(Step.Kind.LEASE_REVOKE, 0, LeaseRevokeRequest.newBuilder().setID(lease(false)).build());
    } else if (w < 72) {
      return new Step(Step.Kind.LEASE_TIME_TO_LIVE, 0, LeaseTimeToLiveRequest.newBuilder()
          .setID(lease(false)).setKeys(rnd.nextBoolean()).build());
    } else if (w < 74) {
      return new Step(Step.Kind.LEASE_LEASES, 0, LeaseLeasesRequest.getDefaultInstance());
    } else if (w < 76) {
      return new Step(Step.Kind.LEASE_KEEP_ALIVE_ONCE, 0,
          LeaseKeepAliveRequest.newBuilder().setID(lease(false)).build());
    } else if (w < 90) {
      int stream = rnd.nextInt(WATCH_STREAMS);
      return new Step(Step.Kind.WATCH, stream, watch(stream));
    }
    return invalid();
  }

  /** A request every server must refuse, beyond those the random fields make anyway. */
  private Step invalid() {
    switch (rnd.nextInt(6)) {
      case 0 -> {
        PutRequest.Builder p = put(false).toBuilder();
        return new Step(Step.Kind.PUT, 0, p.setValue(bytes(MAX_REQUEST_BYTES + 1000)).build());
      }
      case 1 -> {
        return new Step(Step.Kind.RANGE, 0, range().toBuilder().setKey(ByteString.EMPTY).build());
      }
      case 2 -> {
        return new Step(Step.Kind.DELETE_RANGE, 0, delete().toBuilder().setKey(ByteString.EMPTY).build());
      }
      case 3 -> {
        TxnRequest.Builder t = TxnRequest.newBuilder();
        int n = MAX_TXN_OPS + 1 + rnd.nextInt(2);
        for (int i = 0; i < n; i++) {
          t.addSuccess(RequestOp.newBuilder().setRequestRange(range()));
        }
        return new Step(Step.Kind.TXN, 0, t.build());
      }
      case 4 -> {
        PutRequest p = put(false);
        return new Step(Step.Kind.TXN, 0, TxnRequest.newBuilder()
            .addSuccess(RequestOp.newBuilder().setRequestPut(p))
            .addSuccess(RequestOp.newBuilder().setRequestPut(p.toBuilder().setValue(value())))
            .build());
      }
      default -> {
        return new Step(Step.Kind.PUT, 0, put(false).toBuilder().setLease(424242).build());
      }
    }
  }

  private ByteString key() {
    return ByteString.copyFrom(KEYS[rnd.nextInt(KEYS.length)], StandardCharsets.UTF_8);
  }

  private ByteString value() {
    if (rnd.nextInt(40) == 0) {
      return bytes(MAX_REQUEST_BYTES / 2);
    }
    return ByteString.copyFrom(VALUES[rnd.nextInt(VALUES.length)], StandardCharsets.UTF_8);
  }

  private static ByteString bytes(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 'v');
    return ByteString.copyFrom(b);
  }

  /** No end (one key), a prefix, from the key on ("\0"), or up to another key (maybe empty). */
  private ByteString rangeEnd(ByteString key) {
    int w = rnd.nextInt(100);
    if (w < 45) {
      return ByteString.EMPTY;
    } else if (w < 65) {
      return prefixEnd(key);
    } else if (w < 75) {
      return ByteString.copyFrom(new byte[] {0});
    }
    return key();
  }

  private static ByteString prefixEnd(ByteString key) {
    byte[] end = key.toByteArray();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return ByteString.copyFrom(new byte[] {0});
  }

  /** Mostly the latest revision; else one near the current revision, maybe compacted or future. */
  private long revision() {
    int w = rnd.nextInt(100);
    if (w < 50) {
      return 0;
    } else if (w < 53) {
      return -1;
    }
    return 1 + rnd.nextInt(revision / 2 + 3); // about half the writes fail or do not count
  }

  /**
   * A watch start revision: as {@link #revision()}, but never negative. etcd treats a negative start
   * revision as a history replay whose outcome depends on its sync loop's timing (docs/reliability.md,
   * "Differential random testing"), so no response is deterministic enough to compare.
   */
  private long watchRevision() {
    return Math.max(0, revision());
  }

  /** A lease granted earlier (symbolically), no lease, or one that was never granted. */
  private long lease(boolean mayBeNone) {
    int w = rnd.nextInt(100);
    if (mayBeNone && w < 50) {
      return 0;
    } else if (w < 85 && leases > 0) {
      return LeaseIds.ref(rnd.nextInt(leases + 1)); // one past the last: maybe granted, maybe not
    }
    return rnd.nextBoolean() ? 424242 : 7;
  }

  private LeaseGrantRequest grant() {
    LeaseGrantRequest.Builder g = LeaseGrantRequest.newBuilder()
        .setTTL(rnd.nextInt(15) == 0 ? TOO_LARGE_TTL : TTLS[rnd.nextInt(TTLS.length)]);
    if (rnd.nextInt(4) == 0) {
      g.setID(7 + rnd.nextInt(3)); // client-chosen, sometimes taken already
    }
    leases++;
    return g.build();
  }

  private PutRequest put(boolean inTxn) {
    PutRequest.Builder p = PutRequest.newBuilder().setKey(key()).setValue(value())
        .setLease(lease(true)).setPrevKv(rnd.nextBoolean());
    if (inTxn && deleteInTxn) {
      // etcd 3.4 panics when such a put follows a delete of its key in one txn (reliability.md,
      // "Known differences"); Cairn refuses it with "key not found"
      return p.build();
    }
    if (rnd.nextInt(inTxn ? 8 : 5) == 0) {
      p.setIgnoreValue(true);
      if (rnd.nextInt(3) != 0) {
        p.clearValue();
      }
    }
    if (rnd.nextInt(inTxn ? 8 : 5) == 0) {
      p.setIgnoreLease(true);
      if (rnd.nextInt(3) != 0) {
        p.clearLease();
      }
    }
    return p.build();
  }

  private RangeRequest range() {
    ByteString key = key();
    RangeRequest.Builder r = RangeRequest.newBuilder().setKey(key).setRangeEnd(rangeEnd(key));
    if (rnd.nextInt(8) == 0) {
      r.setKey(ByteString.copyFrom(new byte[] {0})).setRangeEnd(ByteString.copyFrom(new byte[] {0}));
    }
    if (rnd.nextInt(3) == 0) {
      r.setLimit(rnd.nextInt(4));
    }
    r.setRevision(revision());
    if (rnd.nextInt(3) == 0) {
      r.setSortOrderValue(rnd.nextInt(3)).setSortTargetValue(rnd.nextInt(5));
    }
    r.setSerializable(rnd.nextInt(4) == 0).setKeysOnly(rnd.nextInt(5) == 0)
        .setCountOnly(rnd.nextInt(6) == 0);
    if (rnd.nextInt(5) == 0) {
      switch (rnd.nextInt(4)) {
        case 0 -> r.setMinModRevision(1 + rnd.nextInt(revision / 2 + 2));
        case 1 -> r.setMaxModRevision(1 + rnd.nextInt(revision / 2 + 2));
        case 2 -> r.setMinCreateRevision(1 + rnd.nextInt(revision / 2 + 2));
        default -> r.setMaxCreateRevision(1 + rnd.nextInt(revision / 2 + 2));
      }
    }
    return r.build();
  }

  private DeleteRangeRequest delete() {
    deleteInTxn = true; // read only while a txn is being generated
    ByteString key = key();
    return DeleteRangeRequest.newBuilder().setKey(key).setRangeEnd(rangeEnd(key))
        .setPrevKv(rnd.nextBoolean()).build();
  }

  private TxnRequest txn(int depth) {
    if (depth == 0) {
      deleteInTxn = false;
    }
    TxnRequest.Builder t = TxnRequest.newBuilder();
    int compares = rnd.nextInt(depth == 0 ? 4 : 3);
    for (int i = 0; i < compares; i++) {
      t.addCompare(compare());
    }
    int most = depth == 0 ? 4 : 3; // nested txns share the outer one's --max-txn-ops
    int success = rnd.nextInt(most);
    for (int i = 0; i < success; i++) {
      t.addSuccess(op(depth));
    }
    int failure = rnd.nextInt(most);
    for (int i = 0; i < failure; i++) {
      t.addFailure(op(depth));
    }
    return t.build();
  }

  private RequestOp op(int depth) {
    int w = rnd.nextInt(100);
    RequestOp.Builder op = RequestOp.newBuilder();
    if (w < 30) {
      op.setRequestRange(range());
    } else if (w < 65) {
      op.setRequestPut(put(true));
    } else if (w < 85 || depth >= 2) {
      op.setRequestDeleteRange(delete());
    } else {
      op.setRequestTxn(txn(depth + 1));
    }
    return op.build();
  }

  /** Every target with every result, on a key or a range. */
  private Compare compare() {
    Compare.Builder c = Compare.newBuilder().setKey(key())
        .setResultValue(rnd.nextInt(4)).setTargetValue(rnd.nextInt(5));
    if (rnd.nextInt(4) == 0) {
      c.setRangeEnd(rangeEnd(c.getKey()));
    }
    switch (c.getTarget()) {
      case VERSION -> c.setVersion(rnd.nextInt(4));
      case CREATE -> c.setCreateRevision(rnd.nextInt(revision / 2 + 3));
      case MOD -> c.setModRevision(rnd.nextInt(revision / 2 + 3));
      case VALUE -> c.setValue(value());
      default -> c.setLease(lease(true));
    }
    return c.build();
  }

  private WatchRequest watch(int stream) {
    int w = rnd.nextInt(100);
    if (w < 65 || watches[stream] == 0) {
      ByteString key = key();
      WatchCreateRequest.Builder c = WatchCreateRequest.newBuilder().setKey(key)
          .setRangeEnd(rangeEnd(key)).setStartRevision(rnd.nextBoolean() ? 0 : watchRevision())
          .setPrevKv(rnd.nextInt(3) == 0);
      if (rnd.nextInt(8) == 0) {
        c.setKey(ByteString.EMPTY).setRangeEnd(ByteString.copyFrom(new byte[] {0}));
      }
      if (rnd.nextInt(5) == 0) {
        c.addFiltersValue(rnd.nextInt(2));
      }
      if (rnd.nextInt(6) == 0) {
        c.setWatchId(1 + rnd.nextInt(4)); // client-chosen, maybe taken
      }
      watches[stream]++;
      return WatchRequest.newBuilder().setCreateRequest(c).build();
    } else if (w < 88) {
      return WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder()
          .setWatchId(rnd.nextInt(watches[stream] + 1))).build();
    }
    return WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance())
        .build();
  }
}
