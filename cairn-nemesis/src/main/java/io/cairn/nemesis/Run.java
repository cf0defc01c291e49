package io.cairn.nemesis;

import io.cairn.api.HashKVRequest;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.KVGrpc;
import io.cairn.nemesis.check.Anomaly;
import io.cairn.nemesis.check.DurabilityChecker;
import io.cairn.nemesis.check.HashChecker;
import io.cairn.nemesis.check.KvChecker;
import io.cairn.nemesis.check.LeaseChecker;
import io.cairn.nemesis.check.ReadChecker;
import io.cairn.nemesis.check.WatchChecker;
import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.History;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import io.cairn.nemesis.history.WatchEvent;
import io.cairn.nemesis.history.WatchLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One seeded run inside the namespace: start the members, start the clients, inject faults in a
 * seeded order (every kind once before any repeats) until the duration is up, heal, then check the
 * whole history. Every random choice comes from the seed; what the cluster answers depends on
 * timing, so a seed reproduces the same schedule of faults and requests, not the same history.
 */
final class Run {
  private static final int SNAPSHOT_COUNT = 200;
  /**
   * How long the KV clients use one set of keys: longer than a short run (all its operations on
   * four keys), short enough that a key's history stays near a short run's (about 1,000
   * operations) in an hour's run, within the linearizability search's budget.
   */
  private static final long KEY_GENERATION_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Options options;
  private final Path dir;
  private final Random random;
  private final History history = new History();
  private final List<WatchLog> watchLogs = new ArrayList<>();
  private final List<Injected> injected = new ArrayList<>();
  private int uncheckedKeys;
  private volatile boolean running = true;
  private Cluster cluster;
  private Network network;
  private final long t0 = System.nanoTime();

  /**
   * One fault as injected: its kind, the member(s) it hit, what was done, when it started and when
   * it was undone (nanoTime; equal for a fault that is a single action).
   */
  record Injected(Fault kind, String member, String what, long start, long end) {}

  Run(Options options, Path dir) {
    this.options = options;
    this.dir = dir;
    this.random = new Random(options.seed());
  }

  /** Runs, checks and prints the summary; returns the anomalies found. */
  List<Anomaly> execute() throws Exception {
    cluster = Cluster.start(options.members(), dir,
        List.of("--snapshot-count=" + SNAPSHOT_COUNT));
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    network = new Network(cluster);
    List<Thread> threads = new ArrayList<>();
    try {
      long started = System.nanoTime();
      LongSupplier keyGeneration = () -> (System.nanoTime() - started) / KEY_GENERATION_NANOS;
      for (int c = 0; c < options.clients(); c++) {
        threads.add(start("kv-" + c, new KvWorker(c, random.nextLong(), cluster, history,
            options.plant(), () -> running, 4, keyGeneration)));
      }
      threads.add(start("lease", new LeaseWorker(options.clients(), random.nextLong(), cluster,
          history, options.plant(), () -> running)));
      for (int w = 0; w < 2; w++) {
        WatchLog log = new WatchLog(w, KvWorker.PREFIX, 1);
        watchLogs.add(log);
        threads.add(start("watch-" + w, new WatchWorker(random.nextLong(), cluster, log,
            () -> running)));
      }
      injectFaults();
      heal();
      awaitWritable(90);
    } catch (Exception e) {
      // say what failed first: healing below may fail too, and would hide it
      System.out.println("nemesis: fault injection failed: " + e);
      throw e;
    } finally {
      running = false;
      for (Thread t : threads) {
        t.join(10_000);
      }
      heal();
    }
    try {
      return checkAndReport();
    } finally {
      cluster.close();
    }
  }

  private static Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private long ms() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private void injectFaults() throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    List<Fault> order = new ArrayList<>();
    java.util.Set<Fault> pending = new java.util.HashSet<>(options.faults());
    long hardEnd = end + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    // until the duration is over and every fault kind ran once (at most twice the duration)
    for (int round = 0; round < 10_000 && System.nanoTime() < hardEnd
        && (System.nanoTime() < end || !pending.isEmpty()); round++) {
      KvWorker.pause(1000 + random.nextInt(1500));
      if (options.faults().isEmpty()) {
        continue;
      }
      if (order.isEmpty()) {
        order.addAll(options.faults());
        Collections.shuffle(order, random);
      }
      Fault f = order.remove(0);
      pending.remove(f);
      long hold = 2000 + random.nextInt(2500);
      inject(f, hold);
      awaitWritable(90);
    }
  }

  private void inject(Fault f, long hold) throws Exception {
    int n = cluster.size();
    int leader = cluster.leader();
    int target = leader >= 0 ? leader : random.nextInt(n);
    int follower = (target + 1 + random.nextInt(n - 1)) % n;
    int randomMember = random.nextInt(n);
    long start = System.nanoTime();
    String what;
    String member;
    switch (f) {
      case KILL_RANDOM, KILL_LEADER -> {
        int victim = f == Fault.KILL_RANDOM ? randomMember : target;
        member = cluster.name(victim)
            + (f == Fault.KILL_LEADER && leader < 0 ? "(no leader known)" : "");
        what = "SIGKILL " + (f == Fault.KILL_LEADER ? "leader " : "") + cluster.name(victim)
            + ", restart after " + hold + " ms";
        cluster.kill(victim);
        KvWorker.pause(hold);
        cluster.restart(victim);
      }
      case KILL_ALL -> {
        member = "all";
        what = "SIGKILL all members, restart after " + hold + " ms";
        for (int i = 0; i < n; i++) {
          cluster.kill(i);
        }
        KvWorker.pause(hold);
        restartAll();
      }
      case PAUSE_LEADER -> {
        member = cluster.name(target) + (leader < 0 ? "(no leader known)" : "");
        what = "SIGSTOP leader " + cluster.name(target) + " for " + hold + " ms";
        cluster.stop(target);
        KvWorker.pause(hold);
        cluster.cont(target);
      }
      case PARTITION_LEADER -> {
        member = cluster.name(target) + (leader < 0 ? "(no leader known)" : "");
        what = "isolate leader " + cluster.name(target) + " for " + hold + " ms";
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (i != target) {
            rest.add(i);
          }
        }
        network.partition(List.of(target), rest);
        KvWorker.pause(hold);
        network.heal();
      }
      case PARTITION_SPLIT -> {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          all.add(i);
        }
        Collections.shuffle(all, random);
        List<Integer> minority = all.subList(0, n / 2);
        List<Integer> majority = all.subList(n / 2, n);
        member = names(minority);
        what = "partition " + names(majority) + " | " + names(minority) + " for " + hold + " ms";
        network.partition(majority, minority);
        KvWorker.pause(hold);
        network.heal();
      }
      case ONE_WAY -> {
        int from = random.nextBoolean() ? target : follower;
        int to = from == target ? follower : target;
        member = cluster.name(from) + "->" + cluster.name(to);
        what = "drop " + cluster.name(from) + " -> " + cluster.name(to) + " for " + hold + " ms";
        network.drop(from, to);
        KvWorker.pause(hold);
        network.heal();
      }
      case MEMBERSHIP -> {
        member = cluster.name(follower);
        what = "remove " + cluster.name(follower) + ", add it back with a fresh data dir";
        cluster.removeAndAddBack(follower, target);
      }
      case SNAPSHOT_LAG -> {
        member = cluster.name(follower);
        what = "SIGKILL " + cluster.name(follower) + " until " + 2 * SNAPSHOT_COUNT
            + " more revisions, restart (catches up by snapshot)";
        long before = revision(target);
        cluster.kill(follower);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && revision(target) < before + 2L * SNAPSHOT_COUNT) {
          KvWorker.pause(200);
        }
        cluster.restart(follower);
      }
      default -> throw new IllegalStateException(f.name());
    }
    Injected i = new Injected(f, member, what, start, System.nanoTime());
    injected.add(i);
    System.out.println("nemesis: " + describe(i));
  }

  private String describe(Injected i) {
    return String.format("t=%6.1fs %-16s %s", (i.start() - t0) / 1e9, i.kind().label(), i.what());
  }

  /** Keys whose linearizability search was cut off (after {@link #execute}). */
  int uncheckedKeys() {
    return uncheckedKeys;
  }

  private String names(List<Integer> members) {
    return String.join(",", members.stream().map(cluster::name).toList());
  }

  private long revision(int member) {
    try {
      return cluster.status(member, 1000).getHeader().getRevision();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void restartAll() throws IOException {
    for (int i = 0; i < cluster.size(); i++) {
      cluster.cont(i);
    }
    // members wait for each other: launch all before waiting for any
    List<Thread> starts = new ArrayList<>();
    List<IOException> errors = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < cluster.size(); i++) {
      int m = i;
      starts.add(start("restart-" + i, () -> {
        try {
          cluster.restart(m);
        } catch (IOException e) {
          errors.add(e);
        }
      }));
    }
    for (Thread t : starts) {
      try {
        t.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }

  private void heal() throws IOException {
    network.heal();
    restartAll();
    cluster.resetBackoff();
  }

  /** Waits until a put succeeds through some member (a bounded wait). */
  private void awaitWritable(int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; System.nanoTime() < deadline; i++) {
      try {
        KVGrpc.newBlockingStub(cluster.clients(i % cluster.size()).channel())
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .put(PutRequest.newBuilder().setKey(KvWorker.bytes("nemesis/probe"))
                .setValue(KvWorker.bytes(String.valueOf(i))).build());
        return;
      } catch (RuntimeException notYet) {
        KvWorker.pause(100);
      }
    }
    throw new IllegalStateException("cluster not writable after " + seconds + " s");
  }

  private List<Anomaly> checkAndReport() throws Exception {
    // all members caught up: the same revision everywhere, then the same HashKV at it
    long rev = -1;
    Map<String, Long> hashes = new LinkedHashMap<>();
    Map<String, Long> revisions = new LinkedHashMap<>();
    for (int attempt = 0; attempt < 300; attempt++) {
      for (int i = 0; i < cluster.size(); i++) {
        revisions.put(cluster.name(i), revision(i));
      }
      long max = revisions.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long min = revisions.values().stream().mapToLong(Long::longValue).min().orElse(0);
      if (min == max && min > 0) {
        rev = min;
        break;
      }
      KvWorker.pause(200);
    }
    List<Anomaly> anomalies = new ArrayList<>();
    // the reference history comes from the member furthest ahead, so that one member left behind
    // shows as that, not as every later write lost
    int source = 0;
    for (int i = 1; i < cluster.size(); i++) {
      if (revisions.get(cluster.name(i)) > revisions.get(cluster.name(source))) {
        source = i;
      }
    }
    if (rev < 0) {
      anomalies.add(new Anomaly("not-converged", "members did not reach the same revision within"
          + " 60 s after healing: revisions " + revisions, List.of()));
    } else {
      for (int i = 0; i < cluster.size(); i++) {
        hashes.put(cluster.name(i), (long) MaintenanceGrpc.newBlockingStub(
            cluster.clients(i).channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
            .hashKV(HashKVRequest.newBuilder().setRevision(rev).build()).getHash());
      }
      anomalies.addAll(HashChecker.check(rev, hashes));
    }
    List<WatchEvent> reference = reference(source, revisions.get(cluster.name(source))).stream()
        .filter(e -> e.key().startsWith(KvWorker.PREFIX) || e.key().startsWith(LeaseWorker.PREFIX))
        .toList();
    List<Op> ops = history.ops();
    // the memo may hold a third of the heap (bin/nemesis gives the inner JVM 2 GiB)
    KvChecker kv = new KvChecker(new io.cairn.nemesis.check.Linearizability.Limits(20_000_000,
        Runtime.getRuntime().maxMemory() / 3), List.of(LeaseWorker.PREFIX));
    anomalies.addAll(kv.check(ops));
    uncheckedKeys = kv.uncheckedKeys().size();
    anomalies.addAll(ReadChecker.check(ops));
    anomalies.addAll(WatchChecker.check(reference, watchLogs));
    anomalies.addAll(DurabilityChecker.check(ops, reference));
    anomalies.addAll(LeaseChecker.check(ops));
    report(ops, reference, kv, anomalies);
    return anomalies;
  }

  /** Every event of the store, from a watch on {@code member} from revision 1 up to {@code rev}. */
  private List<WatchEvent> reference(int member, long rev) {
    List<WatchEvent> events = Collections.synchronizedList(new ArrayList<>());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    WatchWorker.watch(cluster, member, "", 1, events::add, () -> System.nanoTime() < deadline
        && (events.isEmpty() || events.get(events.size() - 1).modRevision() < rev));
    return List.copyOf(events);
  }

  private void report(List<Op> ops, List<WatchEvent> reference, KvChecker kv,
      List<Anomaly> anomalies) {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (Op op : ops) {
      outcomes.merge(op.outcome(), 1, Integer::sum);
    }
    System.out.println("nemesis: ---- summary, seed " + options.seed() + " ----");
    System.out.println("nemesis: members " + options.members() + ", duration "
        + options.durationSeconds() + " s, plant " + options.plant() + ", ran " + ms() / 1000
        + " s");
    System.out.println("nemesis: operations " + ops.size() + " " + outcomes + ", events "
        + reference.size() + ", watchers " + watchLogs.stream().map(w -> w.events().size()
        + " events/" + w.resumes() + " resumes").toList());
    System.out.println("nemesis: linearizability: keys " + kv.keysChecked() + ", linearizable "
        + kv.keysLinearizable() + ", not linearizable " + (kv.keysChecked()
        - kv.keysLinearizable() - kv.uncheckedKeys().size()) + ", UNCHECKED "
        + kv.uncheckedKeys().size());
    for (Map.Entry<String, String> u : new java.util.TreeMap<>(kv.uncheckedReasons()).entrySet()) {
      System.out.println("nemesis:   UNCHECKED key " + u.getKey() + " (search " + u.getValue()
          + "): neither proven nor refuted");
    }
    System.out.println("nemesis: faults " + injected.size());
    for (Injected i : injected) {
      System.out.println("nemesis:   " + describe(i));
    }
    System.out.println("nemesis: availability per fault (ms from the fault's start: until the"
        + " first acknowledged put invoked after it; longest time without any acknowledged write"
        + " until writes were back after the fault was undone):");
    List<Long> acks = new ArrayList<>();
    for (Op op : ops) {
      if (op.ok() && op.call().writes()) {
        acks.add(op.complete());
      }
    }
    Collections.sort(acks);
    for (Injected i : injected) {
      long firstPut = Long.MAX_VALUE;
      long back = Long.MAX_VALUE;
      for (Op op : ops) {
        if (op.ok() && op.call() instanceof Call.Put && op.invoke() >= i.start()) {
          firstPut = Math.min(firstPut, op.complete());
        }
        if (op.ok() && op.call().writes() && op.invoke() >= i.end()) {
          back = Math.min(back, op.complete());
        }
      }
      long gap = 0;
      long previous = i.start();
      long until = back == Long.MAX_VALUE ? System.nanoTime() : back;
      for (long a : acks) {
        if (a > i.start() && a <= until) {
          gap = Math.max(gap, a - previous);
          previous = a;
        }
      }
      gap = Math.max(gap, until - previous);
      String first = firstPut == Long.MAX_VALUE ? "none" : String.valueOf(
          (firstPut - i.start()) / 1_000_000);
      String unavailable = (back == Long.MAX_VALUE ? ">" : "") + gap / 1_000_000;
      System.out.println(String.format("nemesis:   t=%6.1fs %-16s %-9s first put %6s ms,"
          + " writes unavailable %6s ms", (i.start() - t0) / 1e9, i.kind().label(), i.member(),
          first, unavailable));
      System.out.println("nemesis: availability-row kind=" + i.kind().label() + " member="
          + i.member() + " first_put_ms=" + first + " unavailable_ms=" + unavailable);
    }
    System.out.println("nemesis: anomalies " + anomalies.size());
    for (Anomaly a : anomalies.subList(0, Math.min(anomalies.size(), 20))) {
      System.out.println(a);
    }
    System.out.println("nemesis: seed " + options.seed() + (!anomalies.isEmpty() ? " FAILED"
        : uncheckedKeys > 0 ? " INCOMPLETE (no anomaly, but " + uncheckedKeys
        + " key(s) UNCHECKED)" : " PASSED"));
  }
}
