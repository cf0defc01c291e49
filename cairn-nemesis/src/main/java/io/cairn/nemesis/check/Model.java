package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Op;

/**
 * A sequential specification for {@link Linearizability}: from a state, whether an operation with
 * its recorded result may happen, and the state after it. States must be values (equals/hashCode)
 * because the checker memoises on them; null is a state like any other. An indeterminate operation
 * has no result: the model must say what it does to the state whatever it returned.
 */
public interface Model<S> {
  boolean legal(S state, Op op);

  S next(S state, Op op);
}
