package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What holds for every read, linearizable or not: a serializable get returns a value some write
 * that did not fail produced (or nothing), and revisions never go backwards for one client: over
 * its acknowledged key-value operations for linearizable ones, and per member for serializable gets
 * (a member's applied state only moves forward).
 */
public final class ReadChecker {
  private ReadChecker() {}

  public static List<Anomaly> check(List<Op> history) {
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, Set<String>> written = new HashMap<>();
    Set<String> failed = new HashSet<>();
    for (Op op : history) {
      String v = writtenValue(op.call());
      if (v != null) {
        (op.outcome() == Outcome.FAIL ? failed
            : written.computeIfAbsent(op.call().key(), k -> new HashSet<>())).add(v);
      }
    }
    List<Op> done = new ArrayList<>(history);
    done.removeIf(op -> !op.ok() || op.call().key() == null);
    done.sort(Comparator.comparingLong(Op::complete));
    Map<Integer, Op> lastLinearizable = new HashMap<>();
    Map<String, Op> lastSerializable = new HashMap<>();
    for (Op op : done) {
      if (op.call() instanceof Call.Get g && g.serializable()) {
        String v = op.result().value();
        if (v != null && !written.getOrDefault(g.key(), Set.of()).contains(v)) {
          anomalies.add(new Anomaly("read-of-unwritten-value", "serializable get of " + g.key()
              + " returned " + v + (failed.contains(v) ? ", written only by a failed request"
              : ", which no request wrote"), List.of(op.toString())));
        }
        Op prev = lastSerializable.put(op.client() + "@" + op.member(), op);
        backwards(prev, op, "on one member", anomalies);
      } else {
        Op prev = lastLinearizable.put(op.client(), op);
        backwards(prev, op, "", anomalies);
      }
    }
    return anomalies;
  }

  private static void backwards(Op prev, Op op, String where, List<Anomaly> anomalies) {
    if (prev != null && op.result().revision() < prev.result().revision()) {
      anomalies.add(new Anomaly("revision-went-backwards", "client " + op.client()
          + " saw revision " + prev.result().revision() + " then " + op.result().revision()
          + (where.isEmpty() ? "" : " " + where), List.of(prev.toString(), op.toString())));
    }
  }

  static String writtenValue(Call c) {
    if (c instanceof Call.Put p) {
      return p.value();
    }
    if (c instanceof Call.CasValue cas) {
      return cas.value();
    }
    if (c instanceof Call.CasRevision cas) {
      return cas.value();
    }
    return null;
  }
}
