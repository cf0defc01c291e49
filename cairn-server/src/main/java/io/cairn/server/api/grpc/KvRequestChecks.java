package io.cairn.server.api.grpc;

import com.google.protobuf.ByteString;
import io.cairn.server.errors.EtcdError;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Request validation done before anything is proposed, as etcd's v3rpc {@code key.go}. */
final class KvRequestChecks {
  private KvRequestChecks() {}

  static void checkRange(RangeRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  static void checkPut(PutRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
    if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
      throw EtcdError.VALUE_PROVIDED.exception();
    }
    if (r.getIgnoreLease() && r.getLease() != 0) {
      throw EtcdError.LEASE_PROVIDED.exception();
    }
  }

  static void checkDelete(DeleteRangeRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  static void checkTxn(TxnRequest r, int maxTxnOps) {
    checkTxnOps(r, maxTxnOps);
    checkIntervals(r.getSuccessList());
    checkIntervals(r.getFailureList());
  }

  private static void checkTxnOps(TxnRequest r, int maxTxnOps) {
    int opc = Math.max(r.getCompareCount(), Math.max(r.getSuccessCount(), r.getFailureCount()));
    if (opc > maxTxnOps) {
      throw EtcdError.TOO_MANY_OPS.exception();
    }
    for (var c : r.getCompareList()) {
      if (c.getKey().isEmpty()) {
        throw EtcdError.EMPTY_KEY.exception();
      }
    }
    for (RequestOp op : r.getSuccessList()) {
      checkOp(op, maxTxnOps - opc);
    }
    for (RequestOp op : r.getFailureList()) {
      checkOp(op, maxTxnOps - opc);
    }
  }

  private static void checkOp(RequestOp op, int maxTxnOps) {
    switch (op.getRequestCase()) {
      case REQUEST_RANGE -> checkRange(op.getRequestRange());
      case REQUEST_PUT -> checkPut(op.getRequestPut());
      case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange());
      case REQUEST_TXN -> checkTxnOps(op.getRequestTxn(), maxTxnOps);
      default -> throw EtcdError.KEY_NOT_FOUND.exception(); // an empty op, as etcd answers it
    }
  }

  /** A delete's key interval: [key, end), or the single key when end is empty. */
  private record Interval(ByteString key, ByteString end) {
    boolean contains(ByteString k) {
      var cmp = ByteString.unsignedLexicographicalComparator();
      if (end.isEmpty()) {
        return k.equals(key);
      }
      return cmp.compare(key, k) <= 0 && cmp.compare(k, end) < 0;
    }
  }

  private record Writes(Set<ByteString> puts, List<Interval> deletes) {
    boolean deleted(ByteString k) {
      for (Interval iv : deletes) {
        if (iv.contains(k)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * No key may be put twice, or both put and deleted, in one branch, nested transactions included.
   * Puts in the two branches of a nested transaction may overlap: only one of them runs.
   */
  private static Writes checkIntervals(List<RequestOp> ops) {
    Writes w = new Writes(new HashSet<>(), new ArrayList<>());
    for (RequestOp op : ops) {
      if (op.hasRequestDeleteRange()) {
        DeleteRangeRequest d = op.getRequestDeleteRange();
        w.deletes.add(new Interval(d.getKey(), d.getRangeEnd()));
      }
    }
    for (RequestOp op : ops) {
      if (!op.hasRequestTxn()) {
        continue;
      }
      Writes then = checkIntervals(op.getRequestTxn().getSuccessList());
      Writes otherwise = checkIntervals(op.getRequestTxn().getFailureList());
      for (ByteString k : then.puts) {
        if (w.puts.contains(k) || w.deleted(k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
        w.puts.add(k);
      }
      for (ByteString k : otherwise.puts) {
        if (w.puts.contains(k) && !then.puts.contains(k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
        if (w.deleted(k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
        w.puts.add(k);
      }
      w.deletes.addAll(then.deletes);
      w.deletes.addAll(otherwise.deletes);
    }
    for (RequestOp op : ops) {
      if (!op.hasRequestPut()) {
        continue;
      }
      ByteString k = op.getRequestPut().getKey();
      if (w.puts.contains(k) || w.deleted(k)) {
        throw EtcdError.DUPLICATE_KEY.exception();
      }
      w.puts.add(k);
    }
    return w;
  }
}
