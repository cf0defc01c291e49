package io.cairn.tests.diff;

import io.cairn.tests.diff.random.DifferentialRun;
import io.cairn.tests.diff.random.Outcome;
import io.cairn.tests.diff.random.Shrinker;
import io.cairn.tests.diff.random.Step;
import io.cairn.tests.diff.random.StepGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Differential random testing: seeded random sequences of KV, Txn, Compact, Lease and Watch requests,
 * valid and invalid, run on a fresh etcd 3.4 and a fresh Cairn; every normalised response, error and
 * watch event stream must be equal. A failing seed is shrunk to a short reproduction.
 *
 * <p>The CI run is short; a long run: {@code -Ddiff.seeds=N -Ddiff.ops=N -Ddiff.seed=FIRST}, or
 * {@code -Ddiff.minutes=60} to run new seeds until the time is up. {@code -Ddiff.shrinkMinutes}
 * bounds the shrinking of each failing seed. Known differences are listed in docs/reliability.md.
 */
class RandomDifferentialTest {
  private static final int SEEDS = Integer.getInteger("diff.seeds", 4);
  private static final int OPS = Integer.getInteger("diff.ops", 500);
  private static final long FIRST_SEED = Long.getLong("diff.seed", 1);
  private static final long MINUTES = Long.getLong("diff.minutes", 0);
  private static final long SHRINK_MINUTES = Long.getLong("diff.shrinkMinutes", 5);

  @TempDir
  static Path tmp;

  @TestFactory
  Stream<DynamicTest> cairnAnswersLikeEtcdOnRandomSequences() {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
    Stream<Long> seeds = MINUTES > 0
        ? Stream.iterate(FIRST_SEED, s -> s + 1).takeWhile(s -> System.nanoTime() < until)
        : Stream.iterate(FIRST_SEED, s -> s + 1).limit(SEEDS);
    return seeds.map(seed -> DynamicTest.dynamicTest("seed " + seed + ", " + OPS + " ops",
        () -> check(seed)));
  }

  private static void check(long seed) throws Exception {
    Path file = Path.of("target", "diff-random", "seed-" + seed + ".txt");
    Files.deleteIfExists(file);
    List<Step> steps = new StepGenerator(seed).generate(OPS);
    DifferentialRun runs = new DifferentialRun(tmp.resolve("seed-" + seed));
    long start = System.nanoTime();
    DifferentialRun.Result result = runs.run(steps);
    int at = result.firstDifference();
    System.out.printf("seed %d: %d ops, %s in %d ms%n", seed, steps.size(),
        at < 0 ? "no difference" : "difference at " + at,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    if (at < 0) {
      return;
    }
    String first = describe(steps, result, at);
    List<Step> failing = at < steps.size() ? steps.subList(0, at + 1) : steps;
    String signature = signature(steps, result, at);
    // keep shrinking towards this difference, not another one a shorter sequence may show
    Shrinker shrinker = new Shrinker(s -> {
      DifferentialRun.Result r = runs.run(s);
      int d = r.firstDifference();
      return d >= 0 && signature(s, r, d).equals(signature);
    },
        TimeUnit.MINUTES.toMillis(SHRINK_MINUTES));
    List<Step> shrunk = shrinker.shrink(failing);
    DifferentialRun.Result again = runs.run(shrunk);
    String report = "seed " + seed + ": Cairn differs from etcd 3.4.23\n" + first
        + "\nshrunk to " + shrunk.size() + " steps (" + shrinker.tries() + " runs) "
        + (again.firstDifference() >= 0 ? "" : "[the shrunk sequence passed on its last run: flaky?] ")
        + "reproduction:\n" + reproduction(shrunk, again);
    System.out.println(report);
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    throw new AssertionFailedError(report + "\n(also in " + file.toAbsolutePath() + ")");
  }

  /** What kind of difference: the step's kind and the first word of each server's outcome. */
  private static String signature(List<Step> steps, DifferentialRun.Result r, int at) {
    String where = at < steps.size() ? steps.get(at).kind() + " " + requestCase(steps.get(at))
        : "WATCH EVENTS";
    return where + " / " + firstWord(outcome(r.etcd(), at)) + " / " + firstWord(outcome(r.cairn(), at));
  }

  private static String requestCase(Step s) {
    return s.request() instanceof io.cairn.api.WatchRequest w ? w.getRequestUnionCase().name() : "";
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  private static String describe(List<Step> steps, DifferentialRun.Result r, int at) {
    String what = at < steps.size() ? "step " + at + ": " + steps.get(at).line() : "watch streams";
    return "first difference at " + what + "\n  etcd:  " + outcome(r.etcd(), at)
        + "\n  cairn: " + outcome(r.cairn(), at);
  }

  private static String outcome(List<Outcome> outcomes, int i) {
    return i < outcomes.size() ? outcomes.get(i).toString() : "(none)";
  }

  /** The steps as lines, each followed by both servers' outcomes, marking those that differ. */
  private static String reproduction(List<Step> steps, DifferentialRun.Result r) {
    StringBuilder out = new StringBuilder();
    int n = Math.max(r.etcd().size(), r.cairn().size());
    for (int i = 0; i < n; i++) {
      boolean same = i < r.etcd().size() && i < r.cairn().size()
          && r.etcd().get(i).matches(r.cairn().get(i));
      out.append(String.format("%3d %s%n", i, i < steps.size() ? steps.get(i).line() : "(end)"));
      if (same) {
        out.append("      both:  ").append(outcome(r.etcd(), i)).append('\n');
      } else {
        out.append("   !! etcd:  ").append(outcome(r.etcd(), i)).append('\n');
        out.append("   !! cairn: ").append(outcome(r.cairn(), i)).append('\n');
      }
    }
    return out.toString();
  }
}
