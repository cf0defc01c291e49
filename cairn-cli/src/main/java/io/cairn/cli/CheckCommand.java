package io.cairn.cli;

import io.cairn.api.CompactionRequest;
import io.cairn.api.DefragmentRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.Errors;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;
import io.cairn.cli.print.ProgressBar;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code check perf|datascale} (check.go): load checks of the cluster. */
@Command(name = "check", customSynopsis = "check <subcommand>", description = "commands for checking properties of the etcd cluster",
    subcommands = {CheckCommand.Perf.class, CheckCommand.Datascale.class})
public final class CheckCommand extends CommandGroup {
  /** The load models' names and their aliases. */
  private static final Map<String, String> MODELS = Map.of(
      "s", "s", "small", "s", "m", "m", "medium", "m", "l", "l", "large", "l", "xl", "xl", "xLarge", "xl");
  private static final long CLEANUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** What both checks do to the store once they are done. */
  static final class CleanUp {
    @Option(names = "--auto-compact", arity = "0..1", fallbackValue = "true",
        description = "Compact storage with last revision after test is finished.") boolean autoCompact;
    @Option(names = "--auto-defrag", arity = "0..1", fallbackValue = "true",
        description = "Defragment storage after test is finished.") boolean autoDefrag;
  }

  static String model(String load) {
    String model = MODELS.get(load);
    if (model == null) {
      throw new CtlException(ExitCodes.BAD_FEATURE, "unknown load option " + load);
    }
    return model;
  }

  /** Refuses a prefix that already holds keys, as both checks delete the whole prefix after. */
  static void requireEmpty(EtcdClient client, String prefix, long timeoutNanos) {
    RangeResponse resp;
    try {
      resp = client.kv().withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).range(
          RangeRequest.newBuilder().setKey(Keys.bytes(prefix))
              .setRangeEnd(Keys.prefixEnd(Keys.bytes(prefix))).setLimit(1).build());
    } catch (RuntimeException e) {
      throw new CtlException(ExitCodes.ERROR, Errors.message(e));
    }
    if (resp.getKvsCount() > 0) {
      throw new CtlException(ExitCodes.INVALID_INPUT, "prefix " + GoFormat.quote(prefix)
          + " has keys. Delete with etcdctl del --prefix " + prefix + " first");
    }
  }

  /** Deletes the check's keys, then compacts and defragments if asked to. */
  static void cleanUp(EtcdClient client, Out out, String prefix, boolean compact, boolean defrag) {
    try {
      DeleteRangeResponse deleted = client.kv().withDeadlineAfter(CLEANUP_TIMEOUT_NANOS, TimeUnit.NANOSECONDS)
          .deleteRange(DeleteRangeRequest.newBuilder().setKey(Keys.bytes(prefix))
              .setRangeEnd(Keys.prefixEnd(Keys.bytes(prefix))).build());
      if (compact) {
        long rev = deleted.getHeader().getRevision();
        out.println("Compacting with revision " + rev);
        client.kv().withDeadlineAfter(CLEANUP_TIMEOUT_NANOS, TimeUnit.NANOSECONDS)
            .compact(CompactionRequest.newBuilder().setRevision(rev).setPhysical(true).build());
        out.println("Compacted with revision " + rev);
      }
      if (defrag) {
        for (String ep : client.endpoints()) {
          out.println("Defragmenting " + GoFormat.quote(ep));
          client.maintenance(ep, CLEANUP_TIMEOUT_NANOS).defragment(DefragmentRequest.getDefaultInstance());
          out.println("Defragmented " + GoFormat.quote(ep));
        }
      }
    } catch (RuntimeException e) {
      if (e instanceof CtlException) {
        throw e;
      }
      throw new CtlException(ExitCodes.ERROR, Errors.message(e));
    }
  }

  /**
   * {@code check perf}: a minute of rate-limited puts of 1 KiB values, with a progress bar of the
   * seconds; it passes when the throughput reaches 90% of the model's rate, no request took over
   * 0.5 s and the latencies' standard deviation is at most 0.1 s.
   */
  @Command(name = "perf", customSynopsis = "perf [options] [flags]",
      description = "Check the performance of the etcd cluster")
  static final class Perf implements Runnable {
    /** A model's write rate (puts/s), its number of clients and its duration in seconds. */
    private record Model(int limit, int clients, int duration) {}

    private static final Map<String, Model> LOADS = Map.of(
        "s", new Model(150, 50, 60), "m", new Model(1000, 200, 60),
        "l", new Model(8000, 500, 60), "xl", new Model(15000, 1000, 60));

    @Option(names = "--load", defaultValue = "s", description = "The performance check's workload model. "
        + "Accepted workloads: s(small), m(medium), l(large), xl(xLarge)") String load;
    @Option(names = "--prefix", defaultValue = "/etcdctl-check-perf/",
        description = "The prefix for writing the performance check's keys.") String prefix;
    @Mixin CleanUp cleanUp = new CleanUp();

    @Override
    public void run() {
      Model model = LOADS.get(model(load));
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      long durationNanos = TimeUnit.SECONDS.toNanos(model.duration());
      requireEmpty(client, prefix, durationNanos);
      Out out = ctl.out();
      ProgressBar bar = new ProgressBar(model.duration(), out);
      bar.start();
      Thread seconds = new Thread(() -> tick(bar, model.duration()), "perf-seconds");
      seconds.setDaemon(true);
      seconds.start();
      PutLoad.Stats stats;
      try {
        stats = new PutLoad(client.channel(), model.clients(), prefix, 256, 1024)
            .run(rateLimited(model.limit(), durationNanos), () -> { });
        // etcdctl does not wait for its bar; joined here, the bar always ends before the verdict
        seconds.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CtlException(ExitCodes.ERROR, "context canceled");
      }
      cleanUp(client, out, prefix, cleanUp.autoCompact, cleanUp.autoDefrag);
      if (!verdict(out, stats, model.limit())) {
        throw new CtlException(ExitCodes.ERROR, null);
      }
    }

    private static void tick(ProgressBar bar, int seconds) {
      try {
        for (int i = 0; i < seconds; i++) {
          Thread.sleep(1000);
          bar.add(1);
        }
      } catch (InterruptedException e) {
        return;
      }
      bar.finish();
    }

    /** rate.Limiter with a burst of one: a put every 1/limit s, for the duration. */
    private static PutLoad.Producer rateLimited(int limit, long durationNanos) {
      long start = System.nanoTime();
      long interval = TimeUnit.SECONDS.toNanos(1) / limit;
      long[] next = {start};
      return () -> {
        long wait = next[0] - System.nanoTime();
        if (next[0] - start >= durationNanos) {
          return false;
        }
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        next[0] = Math.max(next[0], System.nanoTime() - interval) + interval;
        return true;
      };
    }

    /** Prints check.go's findings; true when all passed. */
    private static boolean verdict(Out out, PutLoad.Stats s, int limit) {
      boolean ok = true;
      if (!s.errors().isEmpty()) {
        out.println("FAIL: too many errors");
        s.errors().forEach((err, n) -> out.println("FAIL: ERROR(" + err + ") -> " + n));
        ok = false;
      }
      if (s.rps() / limit <= 0.9) {
        out.println("FAIL: Throughput too low: " + ((int) s.rps() + 1) + " writes/s");
        ok = false;
      } else {
        out.println("PASS: Throughput is " + ((int) s.rps() + 1) + " writes/s");
      }
      if (s.slowest() > 0.5) {
        out.println(String.format(Locale.ROOT, "Slowest request took too long: %fs", s.slowest()));
        ok = false;
      } else {
        out.println(String.format(Locale.ROOT, "PASS: Slowest request took %fs", s.slowest()));
      }
      if (s.stddev() > 0.1) {
        out.println(String.format(Locale.ROOT, "Stddev too high: %fs", s.stddev()));
        ok = false;
      } else {
        out.println(String.format(Locale.ROOT, "PASS: Stddev is %fs", s.stddev()));
      }
      out.println(ok ? "PASS" : "FAIL");
      return ok;
    }
  }

  /**
   * {@code check datascale}: the first endpoint's resident memory (from its /metrics page) before
   * and after a number of puts of 512-byte keys and values, with a progress bar of the puts.
   */
  @Command(name = "datascale", customSynopsis = "datascale [options] [flags]",
      description = {"Check the memory usage of holding data for different workloads on a given server endpoint.",
          "If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used."})
  static final class Datascale implements Runnable {
    /** A model's number of puts and of clients. */
    private record Model(int limit, int clients) {}

    private static final int KV_SIZE = 1024;
    private static final Map<String, Model> LOADS = Map.of(
        "s", new Model(10_000, 50), "m", new Model(100_000, 200),
        "l", new Model(1_000_000, 500), "xl", new Model(3_000_000, 1000));

    @Option(names = "--load", defaultValue = "s", description = "The datascale check's workload model. "
        + "Accepted workloads: s(small), m(medium), l(large), xl(xLarge)") String load;
    @Option(names = "--prefix", defaultValue = "/etcdctl-check-datascale/",
        description = "The prefix for writing the datascale check's keys.") String prefix;
    @Mixin CleanUp cleanUp = new CleanUp();

    @Override
    public void run() {
      Model model = LOADS.get(model(load));
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      requireEmpty(client, prefix, Long.MAX_VALUE);
      Out out = ctl.out();
      String endpoint = ctl.endpoints().get(0);
      double before = MemoryMetrics.residentBytes(endpoint, out);
      if (before == 0) {
        out.println("FAIL: Could not read process_resident_memory_bytes before the put operations.");
        throw new CtlException(ExitCodes.ERROR, null);
      }
      out.println("Start data scale check for work load [" + model.limit() + " key-value pairs, "
          + KV_SIZE + " bytes per key-value, " + model.clients() + " concurrent clients].");
      ProgressBar bar = new ProgressBar(model.limit(), out);
      bar.start();
      int[] left = {model.limit()};
      PutLoad.Stats stats;
      try {
        stats = new PutLoad(client.channel(), model.clients(), prefix, KV_SIZE / 2, KV_SIZE / 2)
            .run(() -> left[0]-- > 0, () -> bar.add(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CtlException(ExitCodes.ERROR, "context canceled");
      }
      bar.finish();
      double after = MemoryMetrics.residentBytes(endpoint, out);
      if (after == 0) {
        out.println("FAIL: Could not read process_resident_memory_bytes after the put operations.");
        throw new CtlException(ExitCodes.ERROR, null);
      }
      cleanUp(client, out, prefix, cleanUp.autoCompact, cleanUp.autoDefrag);
      if (!stats.errors().isEmpty()) {
        out.println("FAIL: too many errors");
        stats.errors().forEach((err, n) -> out.println("FAIL: ERROR(" + err + ") -> " + n));
        throw new CtlException(ExitCodes.ERROR, null);
      }
      out.println("PASS: Approximate system memory used : "
          + String.format(Locale.ROOT, "%.2f", (after - before) / (1024 * 1024)) + " MB.");
    }
  }
}
