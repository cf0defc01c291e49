package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key attached to a lease is never deleted while the lease is kept alive: once a linearizable get
 * found the key gone, no keep-alive of its lease invoked after that get returned may succeed (a
 * lease expires only when keep-alives stopped reaching the leader for a TTL, and an expired lease
 * is revoked, so any later keep-alive must be told the lease is not found). Catches a member that
 * answers keep-alives itself while the leader lets the lease expire, whichever member the client
 * uses.
 */
public final class LeaseChecker {
  private LeaseChecker() {}

  public static List<Anomaly> check(List<Op> history) {
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, Op> attached = new HashMap<>();
    Map<Long, List<Op>> keepAlives = new HashMap<>();
    for (Op op : history) {
      if (op.ok() && op.call() instanceof Call.Put p && p.lease() != 0) {
        attached.putIfAbsent(p.key(), op);
      } else if (op.ok() && op.call() instanceof Call.KeepAlive k && op.result().ttl() > 0) {
        keepAlives.computeIfAbsent(k.lease(), l -> new ArrayList<>()).add(op);
      }
    }
    for (Op op : history) {
      if (!op.ok() || !(op.call() instanceof Call.Get g) || g.serializable()
          || op.result().value() != null) {
        continue;
      }
      Op put = attached.get(g.key());
      if (put == null || op.invoke() < put.complete()) {
        continue;
      }
      long lease = ((Call.Put) put.call()).lease();
      for (Op k : keepAlives.getOrDefault(lease, List.of())) {
        if (k.invoke() > op.complete()) {
          anomalies.add(new Anomaly("lease-key-lost", "key " + g.key() + " of lease "
              + Long.toHexString(lease) + " was gone while a later keep-alive still kept the "
              + "lease alive", List.of(put.toString(), op.toString(), k.toString())));
          break;
        }
      }
    }
    return anomalies;
  }
}
