package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.StatusRequest;
import io.cairn.api.StatusResponse;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader frozen with SIGSTOP is replaced; when it resumes (SIGCONT) it neither disrupts the new
 * leader nor answers a linearizable read with its stale state.
 */
class PausedLeaderTest {

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static void signal(String sig, long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  static StatusResponse status(MemberFlags f) {
    try (EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
      return c.maintenance().status(StatusRequest.getDefaultInstance());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void frozenLeaderIsReplacedAndServesNoStaleReadAfterResuming(@TempDir Path tmp) throws Exception {
    List<MemberFlags> flags = MemberFlags.cluster(3, tmp);
    List<CairnProcess> members = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        members.add(new CairnProcess(flags.get(i), tmp.resolve("m" + i + ".log")));
        members.get(i).launch();
      }
      for (CairnProcess m : members) {
        m.awaitServing(Duration.ofSeconds(60));
      }
      long leaderId = status(flags.get(0)).getLeader();
      int leader = -1;
      for (int i = 0; i < 3; i++) {
        if (status(flags.get(i)).getHeader().getMemberId() == leaderId) {
          leader = i;
        }
      }
      assertThat(leader).isNotNegative();
      MemberFlags old = flags.get(leader);
      MemberFlags other = flags.get((leader + 1) % 3);
      try (EtcdClients c = new EtcdClients(old.host(), old.clientPort())) {
        c.kv().put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("before")).build());
      }

      signal("STOP", members.get(leader).pid());
      try (EtcdClients c = new EtcdClients(other.host(), other.clientPort())) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
          long l = c.maintenance().status(StatusRequest.getDefaultInstance()).getLeader();
          return l != 0 && l != leaderId;
        });
        c.kv().put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("after")).build());
      } finally {
        signal("CONT", members.get(leader).pid());
      }

      try (EtcdClients c = new EtcdClients(old.host(), old.clientPort())) {
        // linearizable: the resumed old leader must not answer from its stale state
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("k")).build()).getKvs(0)
            .getValue().toStringUtf8()).isEqualTo("after");
        await().atMost(Duration.ofSeconds(30)).until(() ->
            c.maintenance().status(StatusRequest.getDefaultInstance()).getLeader() != leaderId);
      }
      // exactly one leader, agreed by all
      long newLeader = status(flags.get(0)).getLeader();
      for (MemberFlags f : flags) {
        assertThat(status(f).getLeader()).isEqualTo(newLeader);
      }
    } finally {
      for (CairnProcess m : members) {
        m.close();
      }
    }
  }
}
