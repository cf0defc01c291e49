package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * twice) is an anomaly of its own. Before the search, what cannot matter is pruned (see
 * {@link #reduce}). A key that is not linearizable is reported with a short window of operations
 * that has no linearization from any initial value (see {@link #counterexample}); a key whose search
 * was cut off (steps or memory) is UNCHECKED: counted and named, never passed.
 */
public final class KvChecker {
  /**
   * The value every write of a value nobody observes is renamed to. Not a value any client writes
   * (clients write "c&lt;client&gt;-&lt;n&gt;" and "l&lt;client&gt;-&lt;n&gt;").
   */
  static final String OTHER = "<a value never read>";

  private final Linearizability.Limits limits;
  private final List<String> excludedPrefixes;
  private int keysChecked;
  private int keysLinearizable;
  private final List<String> uncheckedKeys = new ArrayList<>();
  private final Map<String, String> uncheckedWhy = new LinkedHashMap<>();
  private long counterexampleMillis = 30_000;

  public KvChecker(long maxStepsPerKey, List<String> excludedPrefixes) {
    this(Linearizability.Limits.steps(maxStepsPerKey), excludedPrefixes);
  }

  public KvChecker(Linearizability.Limits limits, List<String> excludedPrefixes) {
    this.limits = limits;
    this.excludedPrefixes = List.copyOf(excludedPrefixes);
  }

  /** How long the search for a short counterexample may take per failing key. */
  public KvChecker counterexampleMillis(long millis) {
    this.counterexampleMillis = millis;
    return this;
  }

  public int keysChecked() {
    return keysChecked;
  }

  /** Keys proven linearizable. */
  public int keysLinearizable() {
    return keysLinearizable;
  }

  /** Keys whose search was cut off by its step or memory bound: neither proven nor refuted. */
  public List<String> uncheckedKeys() {
    return List.copyOf(uncheckedKeys);
  }

  /** For each unchecked key, what cut its search off. */
  public Map<String, String> uncheckedReasons() {
    return Map.copyOf(uncheckedWhy);
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
      Linearizability.Search s = Linearizability.search(new RegisterModel(), null, reduce(ops),
          limits);
      if (s.verdict() == Linearizability.Verdict.UNKNOWN) {
        uncheckedKeys.add(e.getKey());
        uncheckedWhy.put(e.getKey(), "cut off by " + s.cutOff() + " after " + s.steps()
            + " steps, " + ops.size() + " operations");
      } else if (s.verdict() == Linearizability.Verdict.NOT_LINEARIZABLE) {
        Map<Integer, Op> original = new HashMap<>();
        for (Op op : e.getValue()) {
          original.put(op.id(), op);
        }
        anomalies.add(new Anomaly("not-linearizable",
            "key " + e.getKey() + " (" + ops.size() + " operations): no linearization exists;"
            + " this window has none from any initial value (times relative to its first"
            + " invocation; => the completion by which the history had failed; ~ a result the"
            + " contradiction does not need, taken as unknown):",
            counterexample(ops, original, counterexampleMillis)));
      } else {
        keysLinearizable++;
      }
    }
    return anomalies;
  }

  /**
   * Leaves out or renames what cannot change the verdict, so that the search does not explode on
   * the many unknown outcomes of a run with outages (kill-all, partitions). With V the values some
   * acknowledged get returned or some compare expected ("observed"):
   *
   * <ol>
   *   <li>Every write (acknowledged or not) of a value outside V is renamed to {@link #OTHER}. The
   *       model compares the state only with read values, expected values and null; an unobserved
   *       value is none of these, so all unobserved values behave alike and the verdict is
   *       unchanged. After this, unknown writes of unobserved values are equal calls, which the
   *       search treats as interchangeable (a count instead of a subset, see
   *       {@link Linearizability}); so are all unknown deletes.
   *   <li>An unknown write W of a value v outside V is dropped when it was invoked after every
   *       acknowledged failed compare-and-set and every acknowledged delete that deleted something
   *       had completed. Dropping an unknown op can only remove linearizations (it might never
   *       have taken effect), so a history that passes without W passes with it. Conversely take
   *       a linearization L with W at point p (after W's invocation, so after every such
   *       "negative observer" N's linearization point), v in force until the next effective write
   *       at q. In (p, q) no acknowledged get (it would return v, which nobody read), no
   *       compare-and-set that succeeded (it would expect v), no delete (it writes: it is q); only
   *       failed compare-and-sets, all of which are before p. At q: a put or a delete that
   *       deleted something (all of those are before p, so none); not a successful
   *       compare-and-set (expects v) nor a delete of nothing (v is not null). Unknown ops in
   *       (p, q) were compares against values other than v, so they changed nothing and can be
   *       taken out of L. Removing W from L therefore leaves every remaining op legal: L minus W
   *       linearizes the history without W. Before the last negative observer W is kept: a
   *       write nobody read may be the only explanation of a failed compare-and-set (put a; an
   *       unknown put b; cas a-&gt;c fails) or of a delete that found the key.
   *   <li>Unknown gets are left out before this (they constrain nothing); unknown deletes and
   *       unknown writes of observed values are kept (an unknown delete may explain a get of
   *       nothing; an observed value was written, and its writer must be linearized).
   * </ol>
   */
  static List<Op> reduce(List<Op> ops) {
    Set<String> observed = new HashSet<>();
    long lastNegative = Long.MIN_VALUE;
    for (Op op : ops) {
      Call c = op.call();
      if (c instanceof Call.CasValue cas && cas.expected() != null) {
        observed.add(cas.expected());
      }
      if (op.ok() && c instanceof Call.Get && op.result().value() != null) {
        observed.add(op.result().value());
      }
      if (op.ok() && ((c instanceof Call.CasValue && !op.result().succeeded())
          || (c instanceof Call.Delete && op.result().deleted() > 0))) {
        lastNegative = Math.max(lastNegative, op.complete());
      }
    }
    List<Op> out = new ArrayList<>(ops.size());
    for (Op op : ops) {
      Call c = op.call();
      String written = c instanceof Call.Put p ? p.value()
          : c instanceof Call.CasValue cas ? cas.value() : null;
      if (written != null && !observed.contains(written)) {
        if (!op.ok() && op.invoke() > lastNegative) {
          continue;
        }
        Call renamed = c instanceof Call.Put p ? new Call.Put(p.key(), OTHER, 0)
            : new Call.CasValue(c.key(), ((Call.CasValue) c).expected(), OTHER);
        op = new Op(op.id(), op.client(), op.member(), renamed, op.invoke(), op.complete(),
            op.outcome(), op.result());
      }
      out.add(op);
    }
    return out;
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
   * A short window of {@code ops} (one key's register operations) that has no linearization from
   * any initial value, as printable lines. Every step only ever relaxes what it keeps, so the
   * window's failure implies the key's:
   *
   * <ol>
   *   <li>the earliest completion t by which the history had already failed (binary search):
   *       operations still running at t become unknown writes (their reads are left out), which
   *       only adds linearizations;
   *   <li>the latest start s such that the operations that completed at or after s (and every
   *       unknown one) fail from every initial value: whatever happened before s is summed up by
   *       the value at s, and every initial value is tried (each observed value, none, another);
   *   <li>then, op by op while the window still fails (delta debugging with single-op steps,
   *       until a pass changes nothing or the time is up): an acknowledged get or failed
   *       compare-and-set is left out (a constraint less), an acknowledged write is treated as
   *       unknown (it may happen at any later point or not at all); then {@link #reduce} drops
   *       unknown writes that cannot matter.
   * </ol>
   *
   * Bounded by {@code millis} overall; each search by a share of the heap and 2M steps (a search
   * cut off counts as "not failing", so a bound only makes the window longer, never wrong).
   */
  static List<String> counterexample(List<Op> ops, Map<Integer, Op> original, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    List<Long> completions = new ArrayList<>();
    for (Op op : ops) {
      if (op.ok()) {
        completions.add(op.complete());
      }
    }
    completions.sort(null);
    int lo = 0;
    int hi = completions.size() - 1;
    while (lo < hi && System.nanoTime() < deadline) {
      int mid = (lo + hi) >>> 1;
      if (fails(prefix(ops, completions.get(mid)), null)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    long t = completions.isEmpty() || lo >= completions.size() ? Long.MAX_VALUE
        : completions.get(lo);
    List<Op> prefix = prefix(ops, t);
    if (!fails(prefix, null)) {
      // the bisection was cut short or a search was cut off: fall back to the whole history
      prefix = ops;
      t = Long.MAX_VALUE;
    }
    // latest start first: the first (shortest) window that still fails from any value
    TreeMap<Long, Boolean> starts = new TreeMap<>();
    for (Op op : prefix) {
      if (op.ok()) {
        starts.put(op.complete(), true);
      }
    }
    List<Op> window = prefix;
    boolean fromAny = false;
    for (Long s : starts.descendingKeySet()) {
      if (System.nanoTime() > deadline) {
        break;
      }
      List<Op> w = from(prefix, s);
      if (failsFromAnyValue(w)) {
        window = w;
        fromAny = true;
        break;
      }
    }
    // shrink: relax one op at a time while the window still fails
    boolean changed = true;
    for (int pass = 0; changed && pass < 20 && System.nanoTime() < deadline; pass++) {
      changed = false;
      for (int i = window.size() - 1; i >= 0 && System.nanoTime() < deadline; i--) {
        Op op = window.get(i);
        if (!op.ok()) {
          continue;
        }
        List<Op> w = new ArrayList<>(window);
        Call c = op.call();
        if (c instanceof Call.Get || (c instanceof Call.CasValue && !op.result().succeeded())) {
          w.remove(i);
        } else {
          w.set(i, new Op(op.id(), op.client(), op.member(), op.call(), op.invoke(),
              op.complete(), Outcome.INDETERMINATE, null));
        }
        w = dropIrrelevant(w);
        if (fromAny ? failsFromAnyValue(w) : fails(w, null)) {
          window = w;
          changed = true;
          i = Math.min(i, window.size());
        }
      }
    }
    return describe(dropIrrelevant(window), ops, original, t, fromAny);
  }

  /** {@link #reduce}'s drops, keeping the ops themselves (not renamed) for printing. */
  private static List<Op> dropIrrelevant(List<Op> ops) {
    Set<Integer> kept = new HashSet<>();
    for (Op op : reduce(ops)) {
      kept.add(op.id());
    }
    List<Op> out = new ArrayList<>();
    for (Op op : ops) {
      if (kept.contains(op.id())) {
        out.add(op);
      }
    }
    return out;
  }

  private static List<Op> from(List<Op> ops, long start) {
    List<Op> w = new ArrayList<>();
    for (Op op : ops) {
      if (!op.ok() || op.complete() >= start) {
        w.add(op);
      }
    }
    return w;
  }

  /**
   * The window's ops in invocation order, each marked; with, for context, the acknowledged write
   * of each value the window reads that the window itself does not hold (marked {@code " . "}: not
   * needed for the contradiction, since the window fails from any initial value).
   */
  private static List<String> describe(List<Op> window, List<Op> all, Map<Integer, Op> original,
      long t, boolean fromAny) {
    List<String> lines = new ArrayList<>();
    if (window.isEmpty()) {
      lines.add("(no window found within the time bound)");
      return lines;
    }
    Set<Integer> in = new HashSet<>();
    Set<String> read = new HashSet<>();
    for (Op op : window) {
      in.add(op.id());
      if (op.ok() && op.call() instanceof Call.Get && op.result().value() != null) {
        read.add(op.result().value());
      }
      if (op.call() instanceof Call.CasValue cas && cas.expected() != null) {
        read.add(cas.expected());
      }
    }
    List<Op> shown = new ArrayList<>(window);
    Set<Integer> context = new HashSet<>();
    for (Op op : all) {
      String written = op.call() instanceof Call.Put p ? p.value()
          : op.call() instanceof Call.CasValue cas ? cas.value() : null;
      if (written != null && read.contains(written) && !in.contains(op.id())
          && context.size() < 10) {
        shown.add(op);
        context.add(op.id());
      }
    }
    shown.sort(java.util.Comparator.comparingLong(Op::invoke).thenComparingInt(Op::id));
    long t0 = shown.get(0).invoke();
    if (!fromAny) {
      lines.add("(from the start of the history, the key not existing)");
    }
    for (Op op : shown) {
      Op real = original.getOrDefault(op.id(), op);
      String mark = context.contains(op.id()) ? " . " : real.ok() && !op.ok() ? " ~ "
          : real.ok() && real.complete() == t ? "=> " : "   ";
      lines.add(mark + line(real, op, t0));
    }
    return lines;
  }

  /** One op as "c2@m1 get kv/0 -> c1-7 (mod 12)  [+3.1 .. +9.0 ms]  rev 15". */
  static String line(Op real, Op checked, long t0) {
    Call c = real.call();
    String what;
    if (c instanceof Call.Put p) {
      what = "put " + p.key() + " = " + p.value();
    } else if (c instanceof Call.Get g) {
      what = (g.serializable() ? "serializable get " : "get ") + g.key();
    } else if (c instanceof Call.Delete d) {
      what = "delete " + d.key();
    } else if (c instanceof Call.CasValue cas) {
      what = "cas " + cas.key() + " if value = " + (cas.expected() == null ? "(none)"
          : cas.expected()) + " then = " + cas.value();
    } else if (c instanceof Call.CasRevision cas) {
      String expected = checked.call() instanceof Call.CasValue v ? (v.expected() == null
          ? "(none)" : v.expected()) : "?";
      what = "cas " + cas.key() + " if mod_rev = " + cas.expectedModRevision() + " (value "
          + expected + ") then = " + cas.value();
    } else {
      what = c.toString();
    }
    String outcome;
    if (!real.ok()) {
      outcome = real.outcome() == Outcome.FAIL ? "failed" : "unknown (timed out or unavailable)";
    } else if (c instanceof Call.Get) {
      outcome = "-> " + (real.result().value() == null ? "(none)"
          : real.result().value() + " (mod_rev " + real.result().modRevision() + ")")
          + ", rev " + real.result().revision();
    } else if (c instanceof Call.Delete) {
      outcome = "deleted " + real.result().deleted() + ", rev " + real.result().revision();
    } else if (c instanceof Call.CasValue || c instanceof Call.CasRevision) {
      outcome = (real.result().succeeded() ? "succeeded" : "failed (compare false)") + ", rev "
          + real.result().revision();
    } else {
      outcome = "ok, rev " + real.result().revision();
    }
    String times = real.ok() ? String.format("[%+.1f .. %+.1f ms]", (real.invoke() - t0) / 1e6,
        (real.complete() - t0) / 1e6) : String.format("[%+.1f .. gave up %+.1f ms]",
        (real.invoke() - t0) / 1e6, (real.complete() - t0) / 1e6);
    return String.format("#%-5d c%d@m%d  %-70s %s", real.id(), real.client(), real.member() + 1,
        what + " " + outcome, times);
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
    return Linearizability.search(new RegisterModel(), initial, reduce(ops),
        new Linearizability.Limits(2_000_000, Runtime.getRuntime().maxMemory() / 8)).verdict()
        == Linearizability.Verdict.NOT_LINEARIZABLE;
  }

  private static boolean failsFromAnyValue(List<Op> window) {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(null);
    candidates.add(OTHER);
    for (Op op : reduce(window)) {
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
