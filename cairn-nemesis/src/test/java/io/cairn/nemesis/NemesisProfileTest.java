package io.cairn.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short nemesis profile of CI (needs root, iproute2, iptables and setpriv, as bin/test
 * installs): a fixed seed through every fault kind must find no anomaly, and each planted
 * client-side bug must be caught within a few seeds (a test of the checkers on real histories).
 */
class NemesisProfileTest {

  private static int run(Path dir, long seed, long seconds, List<Fault> faults, Plant plant)
      throws Exception {
    return Nemesis.outside(new Options(seed, 3, seconds, faults, plant, dir, 4));
  }

  @Test
  void everyFaultKindOnAFixedSeedLeavesALinearizableHistory(@TempDir Path dir) throws Exception {
    assertThat(run(dir, 20261205, 60, List.of(Fault.values()), Plant.NONE)).isZero();
  }

  @Test
  void servingLinearizableGetsSeriallyIsCaughtUnderPartitionsAndPauses(@TempDir Path dir)
      throws Exception {
    // members run as their own users and must reach their data dirs below this one
    java.nio.file.Files.setPosixFilePermissions(dir,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    int status = 0;
    for (long seed = 1; seed <= 3 && status != 1; seed++) {
      status = run(dir.resolve("s" + seed), seed, 20,
          List.of(Fault.PARTITION_LEADER, Fault.PAUSE_LEADER), Plant.STALE_READS);
    }
    assertThat(status).as("a planted stale read must be reported as an anomaly").isEqualTo(1);
  }

  @Test
  void aKeepAliveThatNeverReachesTheServerIsCaught(@TempDir Path dir) throws Exception {
    assertThat(run(dir, 1, 15, List.of(), Plant.DROPPED_KEEPALIVES)).isEqualTo(1);
  }
}
