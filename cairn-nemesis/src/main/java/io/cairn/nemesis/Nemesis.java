package io.cairn.nemesis;

import io.cairn.nemesis.check.Anomaly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/nemesis}: one seeded run against a cluster of Cairn processes in a network namespace
 * of its own. The simplest way to put the clients in the namespace too is to run the whole harness
 * there: this JVM creates the namespace ({@code ip netns add}, lo up; 127.0.0.0/8 is local on lo,
 * so 127.0.1.N needs no address), starts itself again under {@code ip netns exec}, waits, and then
 * ends whatever still runs in the namespace (only processes this run started can be there) and
 * deletes it, which also drops every iptables rule the run made. The inner JVM gets 2 GiB of heap
 * (the linearizability search's memo may use a third of it). Exit status: 0 no anomaly and every
 * key checked, 1 anomalies, 2 the run itself failed, 3 no anomaly but some key's linearizability
 * search was cut off (UNCHECKED).
 */
public final class Nemesis {
  static final String INSIDE = "CAIRN_NEMESIS_NETNS";

  private static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  private Nemesis() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.exit(System.getenv(INSIDE) == null ? outside(o) : inside(o));
  }

  /** Creates the namespace, runs the harness inside it, and always removes it. */
  static int outside(Options o) throws IOException, InterruptedException {
    String ns = "cairn-nemesis-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    Path dir = o.dir() != null ? o.dir() : Files.createTempDirectory("cairn-nemesis-");
    Files.createDirectories(dir);
    Shell.exec("chmod", "755", dir.toString());
    System.out.println("nemesis: seed " + o.seed() + ", namespace " + ns + ", dir " + dir);
    Thread cleanup = new Thread(() -> removeNamespace(ns));
    Runtime.getRuntime().addShutdownHook(cleanup);
    Process child = null;
    try {
      Shell.exec("ip", "netns", "add", ns);
      Shell.exec("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
      List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx2g", "-cp", System.getProperty("java.class.path"),
          "-Dcairn.jar=" + System.getProperty("cairn.jar", "cairn-server/target/cairn.jar"),
          Nemesis.class.getName()));
      Options inner = new Options(o.seed(), o.members(), o.durationSeconds(), o.faults(),
          o.plant(), dir, o.clients());
      cmd.addAll(inner.asArgs());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put(INSIDE, ns);
      child = pb.start();
      // copied line by line rather than inherited: under Surefire our stdout is its channel
      Process running = child;
      Thread pump = new Thread(() -> {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
            running.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            System.out.println(line);
          }
        } catch (IOException ended) {
          // the child is gone
        }
      }, "nemesis-output");
      pump.setDaemon(true);
      pump.start();
      long limit = o.durationSeconds() + 600;
      if (!child.waitFor(limit, TimeUnit.SECONDS)) {
        System.out.println("nemesis: run did not end within " + limit + " s; ending it");
        child.destroy();
        child.waitFor(30, TimeUnit.SECONDS);
        return 2;
      }
      pump.join(5000);
      return child.exitValue();
    } finally {
      if (child != null && child.isAlive()) {
        child.destroyForcibly();
      }
      removeNamespace(ns);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
      System.out.println("nemesis: seed " + o.seed() + " (logs and data in " + dir + ")");
    }
  }

  /** SIGKILLs what still runs in our namespace (only our own processes), then deletes it. */
  static void removeNamespace(String ns) {
    try {
      for (String pid : Shell.exec("ip", "netns", "pids", ns).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException gone) {
      return;
    }
    Shell.quietly("ip", "netns", "delete", ns);
  }

  static int inside(Options o) {
    System.out.println("nemesis: seed " + o.seed() + " inside namespace " + System.getenv(INSIDE)
        + ": " + o.members() + " members, " + o.durationSeconds() + " s, faults " + o.faults()
        + ", plant " + o.plant());
    try {
      Run run = new Run(o, o.dir());
      List<Anomaly> anomalies = run.execute();
      return !anomalies.isEmpty() ? 1 : run.uncheckedKeys() > 0 ? 3 : 0;
    } catch (Exception e) {
      System.out.println("nemesis: run failed, seed " + o.seed() + ": " + e);
      e.printStackTrace(System.out);
      return 2;
    }
  }
}
