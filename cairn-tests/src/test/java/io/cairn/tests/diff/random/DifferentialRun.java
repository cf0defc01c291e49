package io.cairn.tests.diff.random;

import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.OwnThreads;
import io.cairn.tests.support.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Runs one sequence on a fresh single-member etcd 3.4 and a fresh single-member Cairn, started with
 * the same flags (each on its own ports, so both run at once), and pairs their outcomes.
 */
public final class DifferentialRun {
  private final Path dir;
  private int runs;

  /** Runs keep their data dirs under {@code dir} only while they run. */
  public DifferentialRun(Path dir) {
    this.dir = dir;
  }

  /** The outcomes of both servers; equal length, the same steps in the same order. */
  public record Result(List<Outcome> etcd, List<Outcome> cairn) {
    /** The index of the first outcome that differs, or -1. */
    public int firstDifference() {
      for (int i = 0; i < Math.min(etcd.size(), cairn.size()); i++) {
        if (!etcd.get(i).matches(cairn.get(i))) {
          return i;
        }
      }
      return etcd.size() == cairn.size() ? -1 : Math.min(etcd.size(), cairn.size());
    }
  }

  public Result run(List<Step> steps) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run-" + runs++));
    try {
      CompletableFuture<List<Outcome>> etcd = OwnThreads.supply("etcd-run",
          () -> onEtcd(runDir, steps));
      List<Outcome> cairn = onCairn(runDir, steps);
      return new Result(etcd.get(), cairn);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      delete(runDir);
    }
  }

  private static MemberFlags flags(Path dataDir) {
    return new MemberFlags("default", dataDir, Ports.free(), Ports.free()).with(
        "--max-request-bytes=" + StepGenerator.MAX_REQUEST_BYTES,
        "--max-txn-ops=" + StepGenerator.MAX_TXN_OPS);
  }

  private static List<Outcome> onEtcd(Path runDir, List<Step> steps) {
    try (EtcdProcess etcd = EtcdProcess.start(flags(runDir.resolve("etcd-data")),
        runDir.resolve("etcd.log"));
        DiffTarget target = new DiffTarget(etcd.flags().clientPort())) {
      return target.run(steps);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<Outcome> onCairn(Path runDir, List<Step> steps) throws InterruptedException {
    MemberFlags flags = flags(runDir.resolve("cairn-data"));
    try (CairnMember cairn = CairnMember.start(flags);
        DiffTarget target = new DiffTarget(flags.clientPort())) {
      return target.run(steps);
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
