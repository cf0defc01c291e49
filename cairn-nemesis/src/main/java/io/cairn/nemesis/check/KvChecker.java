package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Linearizability of every key of a KV history, each key checked on its own as a
 * {@link RegisterModel}. Serializable gets, failed operations and indeterminate gets are left out
 * (they constrain nothing). Values are unique per run, so a compare on mod_revision becomes a compare
 * on the value written at that revision; the same value seen at two mod revisions (a write applied
 * twice) is an anomaly of its own. A key that is not linearizable is reported with the shortest
 * window of operations that has no linearization from any initial value.
 */
public final class KvChecker {
  private static final String OTHER = "<any other value>";

  private final long maxStepsPerKey;
  private final List<String> excludedPrefixes;
  private int keysChecked;
  private final List<String> unknownKeys = new ArrayList<>();

  public KvChecker(long maxStepsPerKey, List<String> excludedPrefixes) {
    this.maxStepsPerKey = maxStepsPerKey;
    this.excludedPrefixes = List.copyOf(excludedPrefixes);
  }

  public int keysChecked() {
    return keysChecked;
  }

  /** Keys whose search ran out of steps (neither proven nor refuted). */
  public List<String> unknownKeys() {
    return List.copyOf(unknownKeys);
  }

  public List<Anomaly> check(List<Op> history) {
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, List<Op>> byKey = new LinkedHashMap<>();
    for (Op op : history) {
      String key = op.call().key();
      if (key != null && excludedPrefixes.stream().noneMatch(key::startsWith)) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
      }
    }
    for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
      Map<Long, String> valueAt = revisions(e.getKey(), e.getValue(), anomalies);
      List<Op> ops = registerOps(e.getValue(), valueAt);
      keysChecked++;
      Linearizability.Verdict v = Linearizability.check(new RegisterModel(), null, ops,
          maxStepsPerKey);
      if (v == Linearizability.Verdict.UNKNOWN) {
        unknownKeys.add(e.getKey());
      } else if (v == Linearizability.Verdict.NOT_LINEARIZABLE) {
        anomalies.add(new Anomaly("not-linearizable",
            "key " + e.getKey() + ": no linearization exists; shortest failing window:",
            counterexample(ops)));
      }
    }
    return anomalies;
  }

  /** mod_revision to value for one key, from acknowledged writes and every read. */
  private static Map<Long, String> revisions(String key, List<Op> ops, List<Anomaly> anomalies) {
    Map<Long, String> valueAt = new HashMap<>();
    Map<String, Long> revisionOf = new HashMap<>();
    Map<String, Op> witness = new HashMap<>();
    for (Op op : ops) {
      if (!op.ok()) {
        continue;
      }
      String value = null;
      long rev = 0;
      Call c = op.call();
      if (c instanceof Call.Put p) {
        value = p.value();
        rev = op.result().revision();
      } else if (c instanceof Call.CasValue cas && op.result().succeeded()) {
        value = cas.value();
        rev = op.result().revision();
      } else if (c instanceof Call.CasRevision cas && op.result().succeeded()) {
        value = cas.value();
        rev = op.result().revision();
      } else if (c instanceof Call.Get && op.result().value() != null) {
        value = op.result().value();
        rev = op.result().modRevision();
      }
      if (value == null) {
        continue;
      }
      Long known = revisionOf.putIfAbsent(value, rev);
      witness.putIfAbsent(value, op);
      if (known != null && known != rev) {
        anomalies.add(new Anomaly("value-at-two-revisions", "key " + key + ": value " + value
            + " was written once but seen at mod_revision " + known + " and " + rev
            + " (a write applied twice?)", List.of(witness.get(value).toString(), op.toString())));
      }
      String other = valueAt.putIfAbsent(rev, value);
      if (other != null && !other.equals(value)) {
        anomalies.add(new Anomaly("revision-with-two-values", "key " + key + ": mod_revision " + rev
            + " holds " + other + " and " + value, List.of(witness.get(other).toString(),
            op.toString())));
      }
    }
    return valueAt;
  }

  /** The operations the register model checks, compares on revisions turned into value compares. */
  private static List<Op> registerOps(List<Op> ops, Map<Long, String> valueAt) {
    List<Op> out = new ArrayList<>();
    for (Op op : ops) {
      Call c = op.call();
      if (op.outcome() == Outcome.FAIL
          || (c instanceof Call.Get g && (g.serializable() || !op.ok()))) {
        continue;
      }
      if (c instanceof Call.CasRevision cas) {
        long r = cas.expectedModRevision();
        String expected = r == 0 ? null : valueAt.getOrDefault(r, "<value at unknown revision " + r + ">");
        op = new Op(op.id(), op.client(), op.member(),
            new Call.CasValue(cas.key(), expected, cas.value()), op.invoke(), op.complete(),
            op.outcome(), op.result());
      }
      out.add(op);
    }
    return out;
  }

  /**
   * The shortest window around the first point where no linearization exists: the earliest
   * completion time t such that what happened by t is already not linearizable (operations still
   * running at t count as indeterminate writes; their reads are left out), then the latest start
   * such that the operations from there on have no linearization from any initial value.
   */
  static List<String> counterexample(List<Op> ops) {
    List<Long> completions = new ArrayList<>();
    for (Op op : ops) {
      if (op.ok()) {
        completions.add(op.complete());
      }
    }
    completions.sort(null);
    int lo = 0;
    int hi = completions.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (fails(prefix(ops, completions.get(mid)), null)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    long t = completions.isEmpty() ? Long.MAX_VALUE : completions.get(lo);
    List<Op> prefix = prefix(ops, t);
    TreeMap<Long, Boolean> starts = new TreeMap<>();
    for (Op op : prefix) {
      starts.put(op.invoke(), true);
    }
    List<Op> window = prefix;
    int tries = 0;
    for (Long s : starts.descendingKeySet()) {
      if (++tries > 300) {
        break;
      }
      List<Op> w = new ArrayList<>();
      for (Op op : prefix) {
        if (!op.ok() || op.complete() >= s) {
          w.add(op);
        }
      }
      if (failsFromAnyValue(w)) {
        window = w;
        break;
      }
    }
    List<String> lines = new ArrayList<>();
    for (Op op : window) {
      lines.add((op.ok() && op.complete() == t ? "=> " : "   ") + op);
    }
    return lines;
  }

  private static List<Op> prefix(List<Op> ops, long t) {
    List<Op> out = new ArrayList<>();
    for (Op op : ops) {
      if (op.invoke() > t) {
        continue;
      }
      if (op.ok() && op.complete() <= t) {
        out.add(op);
      } else if (op.call().writes()) {
        out.add(new Op(op.id(), op.client(), op.member(), op.call(), op.invoke(), op.complete(),
            Outcome.INDETERMINATE, null));
      }
    }
    return out;
  }

  private static boolean fails(List<Op> ops, String initial) {
    return Linearizability.check(new RegisterModel(), initial, ops, 2_000_000)
        == Linearizability.Verdict.NOT_LINEARIZABLE;
  }

  private static boolean failsFromAnyValue(List<Op> window) {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(null);
    candidates.add(OTHER);
    for (Op op : window) {
      Call c = op.call();
      if (c instanceof Call.Put p) {
        candidates.add(p.value());
      } else if (c instanceof Call.CasValue cas) {
        candidates.add(cas.expected());
        candidates.add(cas.value());
      } else if (op.ok() && c instanceof Call.Get) {
        candidates.add(op.result().value());
      }
    }
    for (String initial : candidates) {
      if (!fails(window, initial)) {
        return false;
      }
    }
    return true;
  }
}
