package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmType;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.server.backup.BackupWriter;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.CairnRestore;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backup-dir/-interval/-retention}: backups every second under writes, only the newest
 * kept, each one verified; the newest restores a member that holds every write acknowledged up to
 * its revision; a backup that cannot be written raises an alarm and writes go on.
 */
class ScheduledBackupsTest {
  private static final Pattern REVISION = Pattern.compile("-rev(\\d+)\\.db$");

  @Test
  void backupsAreTakenKeptVerifiedAndRestoreAndAFailureRaisesAnAlarm(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("backups");
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    String metrics = "http://127.0.0.1:" + Ports.free();
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp.resolve("cluster"),
        "--backup-dir", dir.toString(), "--backup-interval", "1s", "--backup-retention", "3",
        "--listen-metrics-urls", metrics);
         EtcdClients c = EtcdClients.of(cluster.flags(0))) {
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = new Thread(() -> {
        for (int i = 0; writing.get() && i < 100_000; i++) {
          String key = "key" + i;
          long rev = c.put(key, "value" + i).getHeader().getRevision();
          acknowledged.put(key, rev);
        }
      });
      writer.start();
      Set<Path> seen = new HashSet<>();
      BackupWriter backups = new BackupWriter(dir, 3);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
        seen.addAll(backups.backups());
        return seen.size() >= 6;
      });
      writing.set(false);
      writer.join(10_000);
      assertThat(sample(metrics, "cairn_backups_total{result=\"ok\"}")).isGreaterThanOrEqualTo(6);
      assertThat(sample(metrics, "cairn_backup_last_success_timestamp_seconds"))
          .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
      assertThat(get(metrics + "/health").statusCode()).isEqualTo(200);

      List<Path> kept = backups.backups();
      assertThat(kept).as("retention keeps the newest three").hasSize(3);
      List<Path> all = new ArrayList<>(seen);
      all.sort(null);
      assertThat(kept).containsExactlyElementsOf(all.subList(all.size() - 3, all.size()));
      for (Path b : kept) {
        BackupWriter.verify(b);
      }
      assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")))
          .as("no temporary file left").isEmpty();

      // the newest restores a member holding every write acknowledged up to its revision
      Path newest = kept.get(2);
      Matcher m = REVISION.matcher(newest.getFileName().toString());
      assertThat(m.find()).isTrue();
      long backupRevision = Long.parseLong(m.group(1));
      assertThat(backupRevision).isGreaterThan(1);
      MemberFlags restored = MemberFlags.cluster(1, tmp.resolve("restored")).get(0);
      CairnRestore.Result r = CairnRestore.run(newest, restored.asArgs(), tmp.resolve("restore.log"));
      assertThat(r.exit()).as(r.output()).isZero();
      try (CairnMember member = CairnMember.start(restored);
           EtcdClients rc = EtcdClients.of(restored)) {
        int checked = 0;
        for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
          if (e.getValue() <= backupRevision) {
            RangeResponse got = rc.kv().range(RangeRequest.newBuilder().setKey(bs(e.getKey())).build());
            assertThat(got.getKvsList()).as(e.getKey()).hasSize(1);
            assertThat(got.getKvs(0).getModRevision()).isEqualTo(e.getValue());
            checked++;
          }
        }
        assertThat(checked).isPositive();
      }

      // a backup that cannot be written: an alarm, and writes go on
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
      Files.writeString(dir, "a file where the backup directory was");
      await().atMost(Duration.ofSeconds(20)).until(() -> !c.alarms().isEmpty());
      long memberId = c.maintenance().status(io.cairn.api.StatusRequest.getDefaultInstance())
          .getHeader().getMemberId();
      assertThat(c.alarms()).containsExactly(AlarmMember.newBuilder().setMemberID(memberId)
          .setAlarm(AlarmType.BACKUP_FAILED).build());
      assertThat(c.put("after", "failure").getHeader().getRevision()).isPositive();
      // and it shows where operators look: /health (as etcd's, for any alarm) and the metric
      HttpResponse<String> health = get(metrics + "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("{\"health\":\"false\"}\n");
      assertThat(get(metrics + "/health?exclude=BACKUP_FAILED").statusCode()).isEqualTo(200);
      assertThat(sample(metrics, "cairn_backups_total{result=\"failed\"}")).isGreaterThanOrEqualTo(1);
    }
  }


  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One sample's value from /metrics, by its name and labels as printed. */
  private static double sample(String base, String nameAndLabels) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$")
        .matcher(get(base + "/metrics").body());
    assertThat(m.find()).as("%s in /metrics", nameAndLabels).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }


}
