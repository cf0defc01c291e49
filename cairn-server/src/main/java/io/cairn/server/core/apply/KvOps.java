package io.cairn.server.core.apply;

import com.google.protobuf.ByteString;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.lease.Lessor;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.mvcc.KvView;
import io.cairn.server.mvcc.RangeResult;
import io.cairn.server.mvcc.WriteTxn;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.ResponseHeader;
import io.cairn.api.ResponseOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.api.TxnResponseOrBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * etcd's KV request semantics over a {@link KvView} ({@code applierV3backend}): range filtering and
 * sorting, put with ignore_value/ignore_lease/prev_kv, delete, and transactions whose compares are all
 * evaluated before any op runs. Responses carry only the revision in their header; the server fills
 * in the rest.
 */
public final class KvOps {
  private final Lessor lessor;
  private final ServerMetrics.Mvcc counted;

  public KvOps(Lessor lessor, ServerMetrics.Mvcc counted) {
    this.lessor = lessor;
    this.counted = counted;
  }

  public RangeResponse range(KvView view, RangeRequest r) {
    counted.ranged();
    boolean fetchAll = r.getSortOrder() != RangeRequest.SortOrder.NONE
        || r.getMinModRevision() != 0 || r.getMaxModRevision() != 0
        || r.getMinCreateRevision() != 0 || r.getMaxCreateRevision() != 0;
    long limit = fetchAll || r.getLimit() <= 0 ? 0 : r.getLimit() + 1;
    RangeResult rr = view.range(r.getKey(), r.getRangeEnd(), r.getRevision(), limit, r.getCountOnly());
    List<KeyValue> kvs = new ArrayList<>(rr.kvs().size());
    for (KeyValue kv : rr.kvs()) {
      if ((r.getMaxModRevision() != 0 && kv.getModRevision() > r.getMaxModRevision())
          || (r.getMinModRevision() != 0 && kv.getModRevision() < r.getMinModRevision())
          || (r.getMaxCreateRevision() != 0 && kv.getCreateRevision() > r.getMaxCreateRevision())
          || (r.getMinCreateRevision() != 0 && kv.getCreateRevision() < r.getMinCreateRevision())) {
        continue;
      }
      kvs.add(kv);
    }
    RangeRequest.SortOrder order = r.getSortOrder();
    if (r.getSortTarget() != RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.NONE) {
      // results come in key order; any other target sorts ascending by default
      order = RangeRequest.SortOrder.ASCEND;
    }
    if (order == RangeRequest.SortOrder.ASCEND || order == RangeRequest.SortOrder.DESCEND) {
      Comparator<KeyValue> c = comparator(r.getSortTarget());
      kvs.sort(order == RangeRequest.SortOrder.DESCEND ? c.reversed() : c);
    }
    boolean more = false;
    if (r.getLimit() > 0 && kvs.size() > r.getLimit()) {
      kvs = kvs.subList(0, (int) r.getLimit());
      more = true;
    }
    RangeResponse.Builder resp = RangeResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(rr.revision()))
        .setCount(rr.count())
        .setMore(more);
    for (KeyValue kv : kvs) {
      resp.addKvs(r.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
    }
    return resp.build();
  }

  private static Comparator<KeyValue> comparator(RangeRequest.SortTarget target) {
    Comparator<ByteString> bytes = ByteString.unsignedLexicographicalComparator();
    return switch (target) {
      case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
      case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
      case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
      case VALUE -> Comparator.comparing(KeyValue::getValue, bytes);
      default -> Comparator.comparing(KeyValue::getKey, bytes);
    };
  }

  /** Validates a put against current state, before anything is written: as etcd's Put, lease first. */
  private void checkPut(KvView view, PutRequest p) {
    checkLease(p);
    checkPrevious(view, p);
  }

  /** Whether {@code key} exists once the puts and deletes in {@code ops} ran on {@code view}. */
  private static boolean existsAfter(KvView view, List<RequestOp> ops, ByteString key) {
    boolean exists = view.range(key, ByteString.EMPTY, 0, 1, true).count() > 0;
    for (RequestOp op : ops) {
      if (op.hasRequestPut() && op.getRequestPut().getKey().equals(key)) {
        exists = true;
      } else if (op.hasRequestDeleteRange() && deletes(op.getRequestDeleteRange(), key)) {
        exists = false;
      }
    }
    return exists;
  }

  private static boolean deletes(DeleteRangeRequest d, ByteString key) {
    var order = ByteString.unsignedLexicographicalComparator();
    if (d.getRangeEnd().isEmpty()) {
      return d.getKey().equals(key);
    }
    boolean fromKey = d.getRangeEnd().size() == 1 && d.getRangeEnd().byteAt(0) == 0;
    return order.compare(d.getKey(), key) <= 0
        && (fromKey || order.compare(key, d.getRangeEnd()) < 0);
  }

  private void checkLease(PutRequest p) {
    if (p.getLease() != 0 && !lessor.exists(p.getLease())) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
  }

  private static void checkPrevious(KvView view, PutRequest p) {
    if (p.getIgnoreValue() || p.getIgnoreLease()) {
      if (view.range(p.getKey(), ByteString.EMPTY, 0, 1, true).count() == 0) {
        throw EtcdError.KEY_NOT_FOUND.exception();
      }
    }
  }

  private static void checkRange(KvView view, RangeRequest r) {
    // as etcd's checkRequestRange, a negative revision is compared with the compaction point (-1
    // before the first compaction), though a plain Range reads the current revision for it
    if (r.getRevision() < 0 && r.getRevision() < view.compactRevision()) {
      throw EtcdError.COMPACTED.exception();
    }
    // a future or compacted revision fails here, before the transaction writes anything
    view.range(r.getKey(), ByteString.EMPTY, r.getRevision(), 1, true);
  }

  public PutResponse put(WriteTxn txn, PutRequest p) {
    checkPut(txn, p);
    return doPut(txn, p);
  }

  private PutResponse doPut(WriteTxn txn, PutRequest p) {
    counted.put();
    ByteString value = p.getValue();
    long lease = p.getLease();
    KeyValue prev = null;
    if (p.getIgnoreValue() || p.getIgnoreLease() || p.getPrevKv()) {
      List<KeyValue> found = txn.range(p.getKey(), ByteString.EMPTY, 0, 0, false).kvs();
      prev = found.isEmpty() ? null : found.get(0);
    }
    if (p.getIgnoreValue()) {
      value = prev.getValue();
    }
    if (p.getIgnoreLease()) {
      lease = prev.getLease();
    }
    txn.put(p.getKey(), value, lease, false);
    PutResponse.Builder resp = PutResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(txn.currentRevision()));
    if (p.getPrevKv() && prev != null) {
      resp.setPrevKv(prev);
    }
    return resp.build();
  }

  public DeleteRangeResponse deleteRange(WriteTxn txn, DeleteRangeRequest r) {
    counted.deleted();
    List<KeyValue> deleted = txn.deleteRange(r.getKey(), r.getRangeEnd(), r.getPrevKv());
    DeleteRangeResponse.Builder resp = DeleteRangeResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(txn.currentRevision()))
        .setDeleted(deleted.size());
    if (r.getPrevKv()) {
      resp.addAllPrevKvs(deleted);
    }
    return resp.build();
  }

  /** True when no branch of the transaction, at any depth, writes. */
  public static boolean isReadOnly(TxnRequest r) {
    return readOnly(r.getSuccessList()) && readOnly(r.getFailureList());
  }

  private static boolean readOnly(List<RequestOp> ops) {
    for (RequestOp op : ops) {
      switch (op.getRequestCase()) {
        case REQUEST_PUT, REQUEST_DELETE_RANGE -> {
          return false;
        }
        case REQUEST_TXN -> {
          if (!isReadOnly(op.getRequestTxn())) {
            return false;
          }
        }
        default -> { }
      }
    }
    return true;
  }

  /** Whether a transaction reads a key range anywhere, in a compare or a range (not only keys). */
  public static boolean mayScan(TxnRequest r) {
    return r.getCompareList().stream().anyMatch(c -> !c.getRangeEnd().isEmpty())
        || mayScan(r.getSuccessList()) || mayScan(r.getFailureList());
  }

  private static boolean mayScan(List<RequestOp> ops) {
    for (RequestOp op : ops) {
      if (op.hasRequestRange() && !op.getRequestRange().getRangeEnd().isEmpty()
          || op.hasRequestTxn() && mayScan(op.getRequestTxn())) {
        return true;
      }
    }
    return false;
  }

  /** Runs a read-only transaction against a view pinned at one revision. */
  public TxnResponse readOnlyTxn(PinnedView view, TxnRequest r) {
    return txn(view, null, r, view.revision());
  }

  /** Runs a transaction that may write, inside the write transaction {@code txn}. */
  public TxnResponse writeTxn(WriteTxn txn, TxnRequest r) {
    return txn(txn, txn, r, 0);
  }

  private TxnResponse txn(KvView view, WriteTxn txn, TxnRequest r, long readRevision) {
    List<Boolean> path = new ArrayList<>();
    comparePath(view, r, path);
    // as etcd: every put on the chosen path is checked before any range
    if (txn != null) {
      // a put that needs the key (ignore_value/ignore_lease) is checked against the key as the txn
      // will have left it: an earlier delete of the same txn may remove it (a from-key delete and a
      // put do not conflict in etcd's checks), and the put must then fail here, before any write,
      // not while the txn is half applied
      List<RequestOp> earlier = new ArrayList<>();
      check(r, path, 0, op -> {
        if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_PUT) {
          PutRequest p = op.getRequestPut();
          if ((p.getIgnoreValue() || p.getIgnoreLease()) && !existsAfter(view, earlier, p.getKey())) {
            throw EtcdError.KEY_NOT_FOUND.exception();
          }
          checkLease(p);
        }
        earlier.add(op);
      });
    }
    check(r, path, 0, op -> {
      if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_RANGE) {
        checkRange(view, op.getRequestRange());
      }
    });
    TxnResponse.Builder resp = execute(txn != null ? txn : view, txn, r, path, new int[] {0});
    // etcd counts a compare as a range, and a txn when a request did more than one operation
    int compares = comparesOnPath(r, path, new int[] {0});
    counted.ranges().inc(compares);
    if (compares + operations(resp) > 1) {
      counted.txn();
    }
    long rev = txn != null ? txn.currentRevision() : readRevision;
    return resp.setHeader(ResponseHeader.newBuilder().setRevision(rev)).build();
  }

  private static int comparesOnPath(TxnRequest r, List<Boolean> path, int[] at) {
    boolean ok = path.get(at[0]++);
    int n = r.getCompareCount();
    for (RequestOp op : ok ? r.getSuccessList() : r.getFailureList()) {
      if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_TXN) {
        n += comparesOnPath(op.getRequestTxn(), path, at);
      }
    }
    return n;
  }

  private static int operations(TxnResponseOrBuilder resp) {
    int n = 0;
    for (ResponseOp op : resp.getResponsesList()) {
      n += op.hasResponseTxn() ? operations(op.getResponseTxn()) : 1;
    }
    return n;
  }

  private void comparePath(KvView view, TxnRequest r, List<Boolean> path) {
    boolean ok = true;
    for (Compare c : r.getCompareList()) {
      if (!compare(view, c)) {
        ok = false;
        break;
      }
    }
    path.add(ok);
    for (RequestOp op : ok ? r.getSuccessList() : r.getFailureList()) {
      if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_TXN) {
        comparePath(view, op.getRequestTxn(), path);
      }
    }
  }

  /** Validates the ops on the chosen path; returns how many path slots it consumed. */
  private static int check(TxnRequest r, List<Boolean> path, int at, Consumer<RequestOp> checker) {
    int used = 1;
    for (RequestOp op : path.get(at) ? r.getSuccessList() : r.getFailureList()) {
      if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_TXN) {
        used += check(op.getRequestTxn(), path, at + used, checker);
      } else {
        checker.accept(op);
      }
    }
    return used;
  }

  private TxnResponse.Builder execute(KvView view, WriteTxn txn, TxnRequest r, List<Boolean> path,
      int[] at) {
    boolean succeeded = path.get(at[0]++);
    TxnResponse.Builder resp = TxnResponse.newBuilder().setSucceeded(succeeded);
    for (RequestOp op : succeeded ? r.getSuccessList() : r.getFailureList()) {
      ResponseOp.Builder out = ResponseOp.newBuilder();
      switch (op.getRequestCase()) {
        case REQUEST_RANGE -> out.setResponseRange(range(view, op.getRequestRange()));
        case REQUEST_PUT -> out.setResponsePut(doPut(txn, op.getRequestPut()));
        case REQUEST_DELETE_RANGE -> out.setResponseDeleteRange(deleteRange(txn, op.getRequestDeleteRange()));
        case REQUEST_TXN -> {
          // as in etcd, only the outermost transaction response carries a revision
          TxnResponse.Builder nested = execute(view, txn, op.getRequestTxn(), path, at);
          out.setResponseTxn(nested.setHeader(ResponseHeader.getDefaultInstance()));
        }
        default -> { }
      }
      resp.addResponses(out);
    }
    return resp;
  }

  static boolean compare(KvView view, Compare c) {
    ByteString end = c.getRangeEnd();
    RangeResult rr;
    try {
      rr = view.range(c.getKey(), end, 0, 0, false);
    } catch (RuntimeException e) {
      return false;
    }
    if (rr.kvs().isEmpty()) {
      if (c.getTarget() == Compare.CompareTarget.VALUE) {
        return false; // a missing key has no value to compare, not even an empty one
      }
      return compareKv(c, KeyValue.getDefaultInstance());
    }
    for (KeyValue kv : rr.kvs()) {
      if (!compareKv(c, kv)) {
        return false;
      }
    }
    return true;
  }

  private static boolean compareKv(Compare c, KeyValue kv) {
    int result = switch (c.getTarget()) {
      case VALUE -> ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), c.getValue());
      case CREATE -> Long.compare(kv.getCreateRevision(), c.getCreateRevision());
      case MOD -> Long.compare(kv.getModRevision(), c.getModRevision());
      case VERSION -> Long.compare(kv.getVersion(), c.getVersion());
      case LEASE -> Long.compare(kv.getLease(), c.getLease());
      default -> 0;
    };
    return switch (c.getResult()) {
      case EQUAL -> result == 0;
      case NOT_EQUAL -> result != 0;
      case GREATER -> result > 0;
      case LESS -> result < 0;
      default -> true;
    };
  }
}
