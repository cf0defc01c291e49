package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --auto-compaction-mode=periodic --auto-compaction-retention=2s} on etcd 3.4.23 and on
 * Cairn, under a steady stream of puts: both compact again and again, and neither ever compacts a
 * revision that was not yet written one retention before (the history a client was promised). The
 * compacted revision is found as clients find it, through "required revision has been compacted".
 * (Revision mode compacts every five minutes: its schedule is unit-tested on a test clock.)
 */
class AutoCompactionDifferentialTest {
  private static final Duration RETENTION = Duration.ofSeconds(2);
  private static final Duration RUN = Duration.ofSeconds(12);

  @Test
  void periodicCompactionKeepsTheRetentionOnBoth(@TempDir Path tmp) throws Exception {
    for (String which : List.of("etcd", "cairn")) {
      List<Long> compactions = observeCompactions(tmp, which);
      // every 2 s after the first 2 s: some five in 12 s; two at least on a loaded machine
      assertThat(compactions).as(which + " compacted revisions seen").hasSizeGreaterThanOrEqualTo(2);
    }
  }

  /** The distinct compacted revisions seen while writing, each checked against the retention. */
  private static List<Long> observeCompactions(Path tmp, String which) throws Exception {
    MemberFlags f = new MemberFlags(which, tmp.resolve(which), Ports.free(), Ports.free())
        .with("--auto-compaction-mode", "periodic", "--auto-compaction-retention", "2s");
    TreeSet<Long> seen = new TreeSet<>();
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"));
        EtcdClients c = EtcdClients.of(f)) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      // sentNanos.get(i): when the put that made revision i + 2 was sent
      List<Long> sentNanos = new ArrayList<>();
      long end = System.nanoTime() + RUN.toNanos();
      while (System.nanoTime() < end) {
        long sent = System.nanoTime();
        long revision = c.put("k", Long.toString(sent)).getHeader().getRevision();
        assertThat(revision).isEqualTo(sentNanos.size() + 2);
        sentNanos.add(sent);
        long compacted = compactedRevision(c, revision);
        if (compacted > 1 && seen.add(compacted)) {
          // the compactor saw this revision at least one retention before now, and the put that
          // made it had been sent by then
          long madeBy = sentNanos.get((int) compacted - 2);
          assertThat(System.nanoTime() - madeBy).as(which + ": revision %d compacted too soon", compacted)
              .isGreaterThanOrEqualTo(RETENTION.toNanos());
        }
        Thread.sleep(50);
      }
    }
    return new ArrayList<>(seen);
  }

  /** The oldest revision still readable (1 before any compaction), by bisection. */
  private static long compactedRevision(EtcdClients c, long current) {
    long lo = 1;
    long hi = current;
    while (lo < hi) {
      long mid = (lo + hi) / 2;
      if (readable(c, mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static boolean readable(EtcdClients c, long revision) {
    try {
      c.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))
          .setRevision(revision).build());
      return true;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
      assertThat(e.getStatus().getDescription())
          .isEqualTo("etcdserver: mvcc: required revision has been compacted");
      return false;
    }
  }
}
