package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State that must survive a hard restart: history, compaction point, leases and their keys. */
class RestartTest {

  @Test
  void historyCompactionAndLeasesSurviveSigkill(@TempDir Path tmp) throws Exception {
    MemberFlags flags = new MemberFlags("restart", tmp.resolve("data"), Ports.free(), Ports.free());
    Path log = tmp.resolve("cairn.log");
    long lease;
    long compactedAt;
    long lastRev;
    try (CairnProcess m = new CairnProcess(flags, log).start();
         EtcdClients c = new EtcdClients(flags.clientPort())) {
      lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(300).build()).getID();
      c.kv().put(put("leased", "x").toBuilder().setLease(lease).build());
      for (int i = 0; i < 5; i++) {
        c.kv().put(put("k", "v" + i));
      }
      compactedAt = c.kv().put(put("k", "v5")).getHeader().getRevision() - 2;
      c.kv().compact(CompactionRequest.newBuilder().setRevision(compactedAt).build());
      lastRev = c.kv().put(put("k", "last")).getHeader().getRevision();
      m.kill();
    }
    try (CairnProcess m = new CairnProcess(flags, log).start();
         EtcdClients c = new EtcdClients(flags.clientPort())) {
      RangeResponse k = c.kv().range(RangeRequest.newBuilder().setKey(bs("k")).build());
      assertThat(k.getHeader().getRevision()).isEqualTo(lastRev);
      assertThat(k.getKvs(0).getValue().toStringUtf8()).isEqualTo("last");
      assertThat(k.getKvs(0).getVersion()).isEqualTo(7);
      assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("k")).setRevision(compactedAt)
          .build()).getKvs(0).getModRevision()).isEqualTo(compactedAt);
      assertThatThrownBy(() -> c.kv().range(RangeRequest.newBuilder().setKey(bs("k"))
          .setRevision(compactedAt - 1).build()))
          .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("compacted");
      LeaseTimeToLiveResponse ttl = c.lease().leaseTimeToLive(
          LeaseTimeToLiveRequest.newBuilder().setID(lease).setKeys(true).build());
      assertThat(ttl.getGrantedTTL()).isEqualTo(300);
      assertThat(ttl.getTTL()).as("TTL restarts in full on the new leader").isGreaterThan(290);
      assertThat(ttl.getKeysList()).containsExactly(bs("leased"));
    }
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static PutRequest put(String k, String v) {
    return PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build();
  }
}
