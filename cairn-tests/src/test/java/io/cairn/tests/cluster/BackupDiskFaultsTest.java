package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.AlarmType;
import io.cairn.api.PutRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled backups into a directory on a real full disk and on a read-only one (small tmpfs
 * mounts the test makes and removes; needs root, as CI has): the member raises BACKUP_FAILED,
 * leaves no partial file behind, and goes on taking writes.
 */
class BackupDiskFaultsTest {

  @Test
  void aFullBackupDiskRaisesTheAlarmAndLeavesNoPartialFile(@TempDir Path tmp) throws Exception {
    assertBackupsFailCleanly(tmp, "size=64k");
  }

  @Test
  void aReadOnlyBackupDiskRaisesTheAlarm(@TempDir Path tmp) throws Exception {
    assertBackupsFailCleanly(tmp, "ro");
  }

  private static void assertBackupsFailCleanly(Path tmp, String mountOptions) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("backups"));
    run("mount", "-t", "tmpfs", "-o", mountOptions, "tmpfs", dir.toString());
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp.resolve("cluster"),
        "--backup-dir", dir.toString(), "--backup-interval", "1s");
         EtcdClients c = EtcdClients.of(cluster.flags(0))) {
      // some 200 kB of data: a backup cannot fit in 64 kB
      for (int i = 0; i < 50; i++) {
        c.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("key" + i))
            .setValue(ByteString.copyFrom(new byte[4000])).build());
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> c.alarms().stream()
          .anyMatch(a -> a.getAlarm() == AlarmType.BACKUP_FAILED));
      assertThat(c.put("after", "failure").getHeader().getRevision()).isPositive();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.toList()).as("no partial or temporary backup left").isEmpty();
      }
    } finally {
      run("umount", dir.toString());
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
  }
}
