package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Wing and Gong's linearizability check with Lowe's memoisation (the "WGL" algorithm of Lowe,
 * "Testing for linearizability", 2017, as Horn and Kroening describe it): linearize the earliest
 * pending call whose result the model allows, remember each (set of linearized operations, state)
 * reached so that no configuration is explored twice, and backtrack at the first return of an
 * operation not linearized yet.
 *
 * <p>Written here because no maintained JVM library checks recorded histories: Knossos is Clojure
 * (on Clojars, not Maven Central) and Porcupine is Go; Lincheck generates its own concurrent
 * executions of a data structure and cannot take a history recorded from a server.
 *
 * <p>Operations that failed (certainly no effect) must be left out by the caller. Indeterminate
 * operations return at infinity: each may be linearized at any point after its invocation, or not at
 * all, so the search succeeds as soon as every acknowledged operation is linearized.
 *
 * <p>Indeterminate operations with equal {@link Op#call()}s are interchangeable (the model sees an
 * indeterminate operation only through its call): of such a class the search only ever linearizes
 * the earliest-invoked one not linearized yet. That loses nothing: in any linearization that uses
 * a later member X2 of a class at point p while an earlier X1 is unused, X1 could take X2's place
 * (it was invoked before X2, so before p) and X2 stays available for any later point X1 could have
 * served. So the linearized members of a class are always its first k, and the memo holds a count
 * per class instead of a subset: many unknown outcomes of equal calls (after a caller has renamed
 * values nobody observed, see {@link KvChecker}) cost a factor k, not 2^k.
 *
 * <p>And a configuration is dominated by an explored one with the same acknowledged operations and
 * state but a subset of its indeterminate ones linearized: every continuation of the former is one
 * of the latter (an indeterminate operation may always stay unused), and an explored configuration
 * with the same acknowledged set is never an ancestor on the search path, so it has failed. The
 * memo keeps, per (acknowledged set, state), the indeterminate sets explored, and skips any
 * superset of one of them.
 *
 * <p>The search is bounded by steps and by the memory its memo holds; when either runs out the
 * answer is {@link Verdict#UNKNOWN}, never a guess.
 */
public final class Linearizability {
  /** The answer for one history. */
  public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

  /** How far a search may go: steps, and the estimated bytes its memo may hold. */
  public record Limits(long maxSteps, long maxMemoBytes) {
    /** A quarter of this JVM's maximum heap for the memo. */
    public static Limits steps(long maxSteps) {
      return new Limits(maxSteps, Runtime.getRuntime().maxMemory() / 4);
    }
  }

  /** A search's answer, with what it cost and, for UNKNOWN, which limit cut it off. */
  public record Search(Verdict verdict, long steps, long memoBytes, String cutOff) {}

  private Linearizability() {}

  private static final class Entry {
    final Op op;
    final boolean call;
    final long time;
    /** for an acknowledged op its index among those; for an indeterminate one among those. */
    final int index;
    /** the op's class of interchangeable indeterminate ops, -1 for acknowledged ops. */
    int cls = -1;
    /** the op's rank in its class by invocation. */
    int rank;
    Entry match;
    Entry prev;
    Entry next;

    Entry(Op op, int index, boolean call, long time) {
      this.op = op;
      this.index = index;
      this.call = call;
      this.time = time;
    }
  }

  /**
   * The acknowledged operations linearized (a bitset stored from its lowest word with a clear bit:
   * below it everything is linearized) and the state; the memo maps it to the sets of
   * indeterminate operations linearized with it that have been explored.
   */
  private static final class Memo {
    final int base;
    final long[] determinate;
    final Object state;
    final int hash;

    Memo(BitSet det, Object state) {
      int firstClear = det.nextClearBit(0);
      this.base = firstClear >>> 6;
      long[] all = det.toLongArray();
      this.determinate = base >= all.length ? new long[0] : Arrays.copyOfRange(all, base, all.length);
      this.state = state;
      this.hash = Objects.hash(base, Arrays.hashCode(determinate), state);
    }

    long bytes() {
      // object and fields, its array, a HashMap node and its share of the table, the list
      return 40 + 16 + 8L * determinate.length + 48 + 40;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Memo m && m.hash == hash && m.base == base
          && Arrays.equals(m.determinate, determinate) && Objects.equals(m.state, state);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Whether every bit of {@code a} is set in {@code b}. */
  private static boolean subset(long[] a, long[] b) {
    if (a.length > b.length) {
      for (int i = b.length; i < a.length; i++) {
        if (a[i] != 0) {
          return false;
        }
      }
    }
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if ((a[i] & ~b[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  private record Frame(Entry call, Object state) {}

  /**
   * Checks {@code ops} from {@code initial}, giving up with {@link Verdict#UNKNOWN} after
   * {@code maxSteps} search steps or a quarter of the heap held by the memo.
   */
  public static <S> Verdict check(Model<S> model, S initial, List<Op> ops, long maxSteps) {
    return search(model, initial, ops, Limits.steps(maxSteps)).verdict();
  }

  /** Checks {@code ops} from {@code initial} within {@code limits}. */
  public static <S> Search search(Model<S> model, S initial, List<Op> ops, Limits limits) {
    List<Entry> entries = new ArrayList<>(2 * ops.size());
    List<Entry> indeterminateCalls = new ArrayList<>();
    int determinate = 0;
    int indeterminate = 0;
    for (Op op : ops) {
      if (op.outcome() == Outcome.FAIL) {
        throw new IllegalArgumentException("failed operations have no effect; leave them out: " + op);
      }
      boolean ok = op.ok();
      Entry call = new Entry(op, ok ? determinate++ : indeterminate++, true, op.invoke());
      Entry ret = new Entry(op, call.index, false, ok ? op.complete() : Long.MAX_VALUE);
      call.match = ret;
      ret.match = call;
      entries.add(call);
      entries.add(ret);
      if (!ok) {
        indeterminateCalls.add(call);
      }
    }
    // classes of interchangeable indeterminate ops, each ranked by invocation
    indeterminateCalls.sort(Comparator.comparingLong((Entry e) -> e.time)
        .thenComparingInt(e -> e.index));
    Map<Object, Integer> classes = new HashMap<>();
    List<Integer> sizes = new ArrayList<>();
    for (Entry e : indeterminateCalls) {
      int c = classes.computeIfAbsent(e.op.call(), k -> {
        sizes.add(0);
        return sizes.size() - 1;
      });
      e.cls = c;
      e.rank = sizes.get(c);
      sizes.set(c, e.rank + 1);
    }
    int[] used = new int[sizes.size()];
    // at equal times a call sorts before a return: touching operations count as concurrent;
    // among calls at one time, a class's members keep their rank order
    entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1)
        .thenComparingInt(e -> e.op.ok() ? 0 : 1).thenComparingInt(e -> e.index));
    Entry head = new Entry(null, -1, false, Long.MIN_VALUE);
    Entry last = head;
    for (Entry e : entries) {
      last.next = e;
      e.prev = last;
      last = e;
    }

    Map<Memo, List<long[]>> cache = new HashMap<>();
    long memoBytes = 0;
    Deque<Frame> stack = new ArrayDeque<>();
    BitSet det = new BitSet(determinate);
    BitSet ind = new BitSet(indeterminate);
    Object state = initial;
    Entry entry = head.next;
    long steps = 0;
    int left = determinate;
    while (left > 0) {
      if (++steps > limits.maxSteps()) {
        return new Search(Verdict.UNKNOWN, steps, memoBytes, "steps (" + limits.maxSteps() + ")");
      }
      if (memoBytes > limits.maxMemoBytes()) {
        return new Search(Verdict.UNKNOWN, steps, memoBytes,
            "memory (" + limits.maxMemoBytes() / (1 << 20) + " MiB of memo)");
      }
      if (entry == null) {
        throw new IllegalStateException("ran off the history with operations left");
      }
      if (entry.call) {
        boolean ok = entry.op.ok();
        if (!ok && entry.rank != used[entry.cls]) {
          // an earlier member of its class is still unused: that one stands for this one
          entry = entry.next;
          continue;
        }
        @SuppressWarnings("unchecked")
        S s = (S) state;
        if (model.legal(s, entry.op)) {
          S n = model.next(s, entry.op);
          BitSet bits = ok ? det : ind;
          bits.set(entry.index);
          Memo memo = new Memo(det, n);
          long[] usedNow = ind.toLongArray();
          List<long[]> seen = cache.get(memo);
          boolean dominated = false;
          if (seen == null) {
            seen = new ArrayList<>(1);
            cache.put(memo, seen);
            memoBytes += memo.bytes();
          } else {
            for (long[] u : seen) {
              if (subset(u, usedNow)) {
                dominated = true;
                break;
              }
            }
          }
          if (!dominated) {
            seen.add(usedNow);
            memoBytes += 24 + 8L * usedNow.length;
            stack.push(new Frame(entry, state));
            state = n;
            if (ok) {
              left--;
            } else {
              used[entry.cls]++;
            }
            lift(entry);
            entry = head.next;
            continue;
          }
          bits.clear(entry.index);
        }
        entry = entry.next;
      } else {
        // the return of an operation that is not linearized yet: undo the last choice
        if (stack.isEmpty()) {
          return new Search(Verdict.NOT_LINEARIZABLE, steps, memoBytes, null);
        }
        Frame f = stack.pop();
        state = f.state();
        Entry c = f.call();
        if (c.op.ok()) {
          det.clear(c.index);
          left++;
        } else {
          ind.clear(c.index);
          used[c.cls]--;
        }
        unlift(c);
        entry = c.next;
      }
    }
    return new Search(Verdict.LINEARIZABLE, steps, memoBytes, null);
  }

  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  private static void unlift(Entry call) {
    Entry ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
