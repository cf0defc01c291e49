package io.cairn.server.embed;

import io.cairn.server.backend.RocksBackend;
import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.HelpText;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.logging.Logging;
import io.cairn.server.core.EtcdServer;
import java.util.concurrent.CountDownLatch;

/** The {@code cairn} command: starts one member from etcd's flags and ETCD_* variables. */
public final class Main {
  public static final String CAIRN_VERSION = "0.1.0";
  /** How often a member whose engine stopped itself starts again before it gives up. */
  private static final int MAX_RESTARTS = 5;
  private static final java.time.Duration RESTART_WINDOW = java.time.Duration.ofHours(1);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    useCommonPoolForAsyncTasks();
    if (args.length >= 2 && args[0].equals("snapshot") && args[1].equals("restore")) {
      System.exit(SnapshotRestore.run(java.util.Arrays.copyOfRange(args, 2, args.length)));
    }
    for (String a : args) {
      if (a.equals("--version") || a.equals("-version")) {
        System.out.println("cairn Version: " + CAIRN_VERSION);
        System.out.println("etcd API Version: " + EtcdServer.API_VERSION);
        return;
      }
      if (a.equals("--help") || a.equals("-h") || a.equals("-help")) {
        System.out.print(HelpText.render());
        return;
      }
    }
    RocksBackend.preloadLibrary();
    ServerConfig config;
    try {
      config = ConfigParser.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("cairn: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logging.apply(config.logLevel(), config.logging().logger(), config.logging().outputs());
    SystemdNotifier systemd = SystemdNotifier.fromEnvironment(System.getenv());
    MemberSupervisor member = new MemberSupervisor(config, MAX_RESTARTS, RESTART_WINDOW);
    try {
      member.start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      // a configuration the cluster or the data dir refuses: one line, as etcd's fatal start errors
      System.err.println("cairn: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      systemd.stopping();
      member.stop();
      stopped.countDown();
    }, "shutdown"));
    systemd.ready();
    String why;
    try {
      why = member.awaitEnd();
    } catch (IllegalStateException | IllegalArgumentException e) {
      why = e.getMessage(); // a restart that could not start
    }
    if (why != null) {
      System.err.println("cairn: " + why);
      System.exit(1);
    }
    stopped.await();
  }

  /**
   * With fewer than three cores the JDK gives the common fork-join pool one thread, and then
   * {@code CompletableFuture}'s *Async methods without an executor start a new thread for every
   * task. Ratis's follower append path uses them: on the 2-core machines we measure on, followers
   * started a thread for every append (about 90 per second at one client). Two pool threads keep
   * those tasks on reused threads. Must run before anything loads {@code CompletableFuture}.
   */
  private static void useCommonPoolForAsyncTasks() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(key, "2");
    }
  }
}
