package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import io.cairn.nemesis.history.WatchEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes against the final full history (a watch from revision 1): every acknowledged write is
 * there, with its value at the revision it was acknowledged with (none lost, even after every
 * member was killed); no value is applied twice (values are unique, so a second put event of one
 * value is a request applied again); a failed write left nothing.
 */
public final class DurabilityChecker {
  private DurabilityChecker() {}

  public static List<Anomaly> check(List<Op> history, List<WatchEvent> reference) {
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, WatchEvent> putOf = new HashMap<>();
    for (WatchEvent e : reference) {
      if (e.isDelete()) {
        continue;
      }
      WatchEvent first = putOf.putIfAbsent(e.value(), e);
      if (first != null) {
        anomalies.add(new Anomaly("applied-twice", "value " + e.value() + " of " + e.key()
            + " was put at revision " + first.modRevision() + " and again at " + e.modRevision(),
            List.of(first.toString(), e.toString())));
      }
    }
    for (Op op : history) {
      String v = ReadChecker.writtenValue(op.call());
      if (v == null) {
        continue;
      }
      WatchEvent e = putOf.get(v);
      boolean wrote = op.ok() && (op.call() instanceof Call.Put || op.result().succeeded());
      if (wrote && e == null) {
        anomalies.add(new Anomaly("lost-write", "acknowledged write of " + v + " to "
            + op.call().key() + " at revision " + op.result().revision()
            + " is not in the history", List.of(op.toString())));
      } else if (wrote && (e.modRevision() != op.result().revision() || !e.key().equals(op.call().key()))) {
        anomalies.add(new Anomaly("write-moved", "acknowledged write of " + v + " at revision "
            + op.result().revision() + " is in the history at " + e.modRevision(),
            List.of(op.toString(), e.toString())));
      } else if (op.outcome() == Outcome.FAIL && e != null) {
        anomalies.add(new Anomaly("failed-write-applied", "a write that failed was applied",
            List.of(op.toString(), e.toString())));
      }
    }
    return anomalies;
  }
}
