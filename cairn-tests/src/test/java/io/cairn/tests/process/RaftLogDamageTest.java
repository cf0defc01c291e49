package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.server.raft.TornLogTail;
import io.cairn.tests.support.InProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower's Raft log damaged while it was down. An entry torn by a power loss while it was
 * being appended (its last sector never written, zeros in the preallocated segment) is dropped, as
 * etcd drops a torn WAL record, and the member starts and catches up; Ratis alone refused to open
 * such a log forever. Damage anywhere else is refused with a message naming the log and what to do.
 */
class RaftLogDamageTest {
  private static final ByteString BIG = ByteString.copyFrom(new byte[3000]).concat(
      ByteString.copyFromUtf8("end"));

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void aTornLastEntryIsDroppedAndOtherDamageIsRefused(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int leader = cluster.leader();
      int torn = (leader + 1) % 3;
      int rotten = (leader + 2) % 3;
      try (EtcdClients c = EtcdClients.of(cluster.flags(leader))) {
        for (int i = 0; i < 200; i++) {
          c.put("key" + i, "value" + i);
        }
        c.kv().put(PutRequest.newBuilder().setKey(bs("big")).setValue(BIG).build());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> has(cluster, torn, "big")
          && has(cluster, rotten, "big"));
      cluster.kill(torn);
      cluster.kill(rotten);
      cluster.restart(rotten); // quorum again while the torn member is down

      // the crash came while the next entry was being written: its varint and first sectors
      // reached the disk, its last sector did not
      Path segment = openSegment(cluster, torn);
      int at = (int) TornLogTail.entriesEnd(segment);
      // the preallocated zeros a crash leaves (a clean stop had trimmed them)
      byte[] b = Arrays.copyOf(Files.readAllBytes(segment), at + 3006 + 8192);
      byte[] frame = new byte[2 + 3000 + 4];
      frame[0] = (byte) (0x80 | (3000 & 0x7f));
      frame[1] = (byte) (3000 >>> 7);
      Arrays.fill(frame, 2, frame.length, (byte) 0x5a);
      int tornFrom = (at + frame.length - 1) / 512 * 512 - at;
      Arrays.fill(frame, tornFrom, frame.length, (byte) 0);
      System.arraycopy(frame, 0, b, at, frame.length);
      Files.write(segment, b);
      cluster.restart(torn);
      await().atMost(Duration.ofSeconds(20)).until(() -> has(cluster, torn, "big"));
      try (EtcdClients c = EtcdClients.of(cluster.flags(torn))) {
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("big")).setSerializable(true)
            .build()).getKvs(0).getValue()).isEqualTo(BIG);
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("key")).setRangeEnd(bs("kez"))
            .setSerializable(true).setCountOnly(true).build()).getCount()).isEqualTo(200);
      }

      // eight bytes flipped in the middle of an entry: not a crash's doing. The largest segment,
      // since Ratis starts a new one at each term and a term may have begun while two were down
      cluster.kill(rotten);
      Path rottenSegment = largestSegment(cluster, rotten);
      byte[] r = Files.readAllBytes(rottenSegment);
      int middle = 2000;
      Arrays.fill(r, middle, middle + 8, (byte) 0x5a);
      Files.write(rottenSegment, r);
      assertThatThrownBy(() -> cluster.restart(rotten))
          .hasStackTraceContaining("the Raft log in " + cluster.dataDir(rotten))
          .hasStackTraceContaining("is damaged (Log entry corrupted")
          .hasStackTraceContaining("add it back with an empty data dir");
    }
  }

  private static boolean has(InProcessCluster cluster, int member, String key) {
    try (EtcdClients c = EtcdClients.of(cluster.flags(member))) {
      return c.kv().range(RangeRequest.newBuilder().setKey(bs(key)).setSerializable(true).build())
          .getCount() == 1;
    } catch (Exception e) {
      return false;
    }
  }

  private static Path openSegment(InProcessCluster cluster, int member) throws IOException {
    return segments(cluster, member).filter(p -> p.getFileName().toString()
        .startsWith("log_inprogress_")).findFirst().orElseThrow();
  }

  private static Path largestSegment(InProcessCluster cluster, int member) throws IOException {
    return segments(cluster, member).max(Comparator.comparingLong(p -> p.toFile().length()))
        .orElseThrow();
  }

  private static Stream<Path> segments(InProcessCluster cluster, int member) throws IOException {
    try (Stream<Path> files = Files.walk(cluster.dataDir(member).resolve("member").resolve("raft"))) {
      return files.filter(p -> p.getFileName().toString().startsWith("log_")).toList().stream();
    }
  }
}
