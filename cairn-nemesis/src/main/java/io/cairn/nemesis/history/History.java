package io.cairn.nemesis.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Records every invocation and completion of every client, thread-safely. An operation that was
 * invoked and never completed (the run ended first) is indeterminate.
 */
public final class History {
  private final List<Op> ops = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();
  private int nextId;

  /** An invoked, not yet completed, operation. */
  public final class Pending {
    private final int id;
    private final int client;
    private final int member;
    private final Call call;
    private final long invoke;
    private boolean done;

    private Pending(int id, int client, int member, Call call, long invoke) {
      this.id = id;
      this.client = client;
      this.member = member;
      this.call = call;
      this.invoke = invoke;
    }

    public Call call() {
      return call;
    }

    public Op ok(Result result) {
      return complete(Outcome.OK, result);
    }

    public Op fail() {
      return complete(Outcome.FAIL, null);
    }

    public Op indeterminate() {
      return complete(Outcome.INDETERMINATE, null);
    }

    /** Records the completion; a second completion of the same operation is ignored. */
    public Op complete(Outcome outcome, Result result) {
      long now = System.nanoTime();
      synchronized (History.this) {
        Op op = new Op(id, client, member, call, invoke, now, outcome, result);
        if (!done) {
          done = true;
          pending.remove(this);
          ops.add(op);
        }
        return op;
      }
    }
  }

  public synchronized Pending invoke(int client, int member, Call call) {
    Pending p = new Pending(nextId++, client, member, call, System.nanoTime());
    pending.add(p);
    return p;
  }

  /** Adds a whole operation (tests and generated histories). */
  public synchronized Op add(int client, int member, Call call, long invoke, long complete,
      Outcome outcome, Result result) {
    Op op = new Op(nextId++, client, member, call, invoke, complete, outcome, result);
    ops.add(op);
    return op;
  }

  /** Every operation by invocation time; those still pending count as indeterminate. */
  public synchronized List<Op> ops() {
    List<Op> all = new ArrayList<>(ops);
    long now = System.nanoTime();
    for (Pending p : pending) {
      all.add(new Op(p.id, p.client, p.member, p.call, p.invoke, now, Outcome.INDETERMINATE, null));
    }
    all.sort(Comparator.comparingLong(Op::invoke).thenComparingInt(Op::id));
    return all;
  }
}
