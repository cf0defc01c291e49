package io.cairn.tests.diff.random;

import java.util.ArrayList;
import java.util.List;

/**
 * Delta debugging (Zeller's ddmin) over a failing sequence: removes chunks of steps, halving the
 * chunk size when no chunk can go, while the sequence still fails on fresh servers. Stops early
 * when its time is up, returning the shortest failing sequence found so far.
 */
public final class Shrinker {

  /** Whether a sequence still fails; each call runs it on fresh servers. */
  @FunctionalInterface
  public interface Failing {
    boolean test(List<Step> steps) throws Exception;
  }

  private final Failing failing;
  private final long deadlineNanos;
  private int tries;

  public Shrinker(Failing failing, long budgetMillis) {
    this.failing = failing;
    this.deadlineNanos = System.nanoTime() + budgetMillis * 1_000_000;
  }

  /** How many sequences were run while shrinking. */
  public int tries() {
    return tries;
  }

  public List<Step> shrink(List<Step> steps) throws Exception {
    List<Step> current = List.copyOf(steps);
    int chunks = 2;
    while (current.size() >= 2 && System.nanoTime() < deadlineNanos) {
      int size = (int) Math.ceil(current.size() / (double) chunks);
      boolean removed = false;
      for (int start = 0; start < current.size() && System.nanoTime() < deadlineNanos;
          start += size) {
        List<Step> without = new ArrayList<>(current.subList(0, start));
        without.addAll(current.subList(Math.min(current.size(), start + size), current.size()));
        if (without.isEmpty()) {
          continue;
        }
        tries++;
        if (failing.test(without)) {
          current = List.copyOf(without);
          chunks = Math.max(chunks - 1, 2);
          removed = true;
          break;
        }
      }
      if (!removed) {
        if (size == 1) {
          break;
        }
        chunks = Math.min(chunks * 2, current.size());
      }
    }
    return current;
  }
}
