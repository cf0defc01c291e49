package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 */
public final class Linearizability {
  /** The answer for one history. */
  public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

  private Linearizability() {}

  private static final class Entry {
    final Op op;
    final int index;
    final boolean call;
    final long time;
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

  private record Memo(BitSet linearized, Object state) {}

  private record Frame(Entry call, Object state) {}

  /**
   * Checks {@code ops} from {@code initial}, giving up with {@link Verdict#UNKNOWN} after
   * {@code maxSteps} search steps.
   */
  public static <S> Verdict check(Model<S> model, S initial, List<Op> ops, long maxSteps) {
    List<Entry> entries = new ArrayList<>(2 * ops.size());
    int determinate = 0;
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op.outcome() == Outcome.FAIL) {
        throw new IllegalArgumentException("failed operations have no effect; leave them out: " + op);
      }
      Entry call = new Entry(op, i, true, op.invoke());
      Entry ret = new Entry(op, i, false,
          op.outcome() == Outcome.OK ? op.complete() : Long.MAX_VALUE);
      call.match = ret;
      ret.match = call;
      entries.add(call);
      entries.add(ret);
      if (op.ok()) {
        determinate++;
      }
    }
    // at equal times a call sorts before a return: touching operations count as concurrent
    entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1)
        .thenComparingInt(e -> e.index));
    Entry head = new Entry(null, -1, false, Long.MIN_VALUE);
    Entry last = head;
    for (Entry e : entries) {
      last.next = e;
      e.prev = last;
      last = e;
    }

    Set<Memo> cache = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    BitSet linearized = new BitSet(ops.size());
    Object state = initial;
    Entry entry = head.next;
    long steps = 0;
    while (determinate > 0) {
      if (++steps > maxSteps) {
        return Verdict.UNKNOWN;
      }
      if (entry == null) {
        throw new IllegalStateException("ran off the history with operations left");
      }
      if (entry.call) {
        @SuppressWarnings("unchecked")
        S s = (S) state;
        if (model.legal(s, entry.op)) {
          S n = model.next(s, entry.op);
          BitSet with = (BitSet) linearized.clone();
          with.set(entry.index);
          if (cache.add(new Memo(with, n))) {
            stack.push(new Frame(entry, state));
            state = n;
            linearized = with;
            if (entry.op.ok()) {
              determinate--;
            }
            lift(entry);
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // the return of an operation that is not linearized yet: undo the last choice
        if (stack.isEmpty()) {
          return Verdict.NOT_LINEARIZABLE;
        }
        Frame f = stack.pop();
        state = f.state();
        linearized = (BitSet) linearized.clone();
        linearized.clear(f.call().index);
        if (f.call().op.ok()) {
          determinate++;
        }
        unlift(f.call());
        entry = f.call().next;
      }
    }
    return Verdict.LINEARIZABLE;
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
