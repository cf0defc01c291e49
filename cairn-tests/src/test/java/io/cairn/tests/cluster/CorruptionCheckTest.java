package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmType;
import io.cairn.api.KeyValue;
import io.cairn.api.RangeRequest;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.backend.RocksBackend;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's corruption checks: a member whose applied state was altered on disk is kept out by
 * {@code --experimental-initial-corrupt-check}, and raises a CORRUPT alarm on the leader's periodic
 * check ({@code --experimental-corrupt-check-time}), which stops writes everywhere.
 */
class CorruptionCheckTest {

  @Test
  void anAlteredMemberIsRefusedAtStartAndRaisesCorruptOnTheLeader(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp,
        "--experimental-corrupt-check-time", "500ms")) {
      int leader = cluster.leader();
      int healthy = (leader + 1) % 3;
      int altered = (leader + 2) % 3;
      try (EtcdClients c = EtcdClients.of(cluster.flags(leader))) {
        for (int i = 0; i < 20; i++) {
          c.put("key" + i, "value" + i);
        }
      }
      long alteredId = memberId(cluster, altered);

      // on identical members the checks pass: a healthy restart with the initial check serves,
      // and several periodic passes raise nothing
      cluster.kill(healthy);
      cluster.restartWith(healthy, "--experimental-initial-corrupt-check");
      Thread.sleep(2000);
      try (EtcdClients c = EtcdClients.of(cluster.flags(leader))) {
        assertThat(c.alarms()).isEmpty();
      }

      // one value changed on the stopped member's disk, under the same revision
      cluster.kill(altered);
      alterLatestValue(cluster.dataDir(altered).resolve("member").resolve("db"));

      assertThatThrownBy(() -> cluster.restartWith(altered, "--experimental-initial-corrupt-check"))
          .hasStackTraceContaining(String.format("%x found data inconsistency with peers", alteredId));

      // without the initial check it joins, and the leader's check finds it
      cluster.restart(altered);
      try (EtcdClients c = EtcdClients.of(cluster.flags(leader))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !c.alarms().isEmpty());
        assertThat(c.alarms()).containsExactly(AlarmMember.newBuilder().setMemberID(alteredId)
            .setAlarm(AlarmType.CORRUPT).build());
        // writes stop everywhere with etcd's error; reads go on
        for (int i = 0; i < 3; i++) {
          try (EtcdClients any = EtcdClients.of(cluster.flags(i))) {
            assertThatThrownBy(() -> any.put("after", "alarm"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
                  assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: corrupt cluster");
                });
          }
        }
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("key1")).build()).getCount())
            .isEqualTo(1);
      }
    }
  }

  /** Rewrites the value of the newest key revision in a stopped member's backend. */
  private static void alterLatestValue(Path db) throws Exception {
    try (RocksBackend backend = new RocksBackend(db)) {
      byte[][] last = new byte[2][];
      backend.forEach(Bucket.KEY, null, null, (k, v) -> {
        last[0] = k;
        last[1] = v;
        return true;
      });
      KeyValue kv = KeyValue.parseFrom(last[1]);
      try (BatchTx batch = backend.newBatch()) {
        batch.put(Bucket.KEY, last[0], kv.toBuilder().setValue(bs("tampered")).build().toByteArray());
        batch.commit();
      }
    }
  }


  private static long memberId(InProcessCluster cluster, int i) throws Exception {
    try (EtcdClients c = EtcdClients.of(cluster.flags(i))) {
      return c.maintenance().status(io.cairn.api.StatusRequest.getDefaultInstance()).getHeader()
          .getMemberId();
    }
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }


}
