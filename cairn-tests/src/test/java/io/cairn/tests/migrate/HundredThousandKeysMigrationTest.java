package io.cairn.tests.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.KeyValue;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.tests.support.CairnRestore;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.ProcessCluster;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An etcd 3.4.23 cluster's data at scale moves to a 3-member Cairn cluster and back: 100,000 keys
 * with two revisions each, deletions, a compaction and a lease with 100 keys, through
 * {@code etcdctl snapshot save} and {@code cairn snapshot restore}, then {@code etcdctl snapshot
 * save} from Cairn and etcd's own {@code snapshot restore}. Every key with its revisions, version,
 * value and lease, the revision, the compaction point and the lease are the same at each step.
 */
class HundredThousandKeysMigrationTest {
  private static final int KEYS = 100_000;
  /** etcd's default --max-txn-ops. */
  private static final int TXN_OPS = 128;

  @Test
  void aHundredThousandKeysMoveFromEtcdToThreeMembersAndBack(@TempDir Path tmp) throws Exception {
    Path fromEtcd = tmp.resolve("etcd.db");
    MemberFlags etcdFlags = new MemberFlags("e1", tmp.resolve("etcd"), Ports.free(), Ports.free());
    State etcdState;
    long lease;
    try (EtcdProcess etcd = EtcdProcess.start(etcdFlags, tmp.resolve("etcd.log"));
        EtcdClients c = EtcdClients.of(etcdFlags)) {
      for (int round = 0; round < 2; round++) {
        for (int first = 0; first < KEYS; first += TXN_OPS) {
          TxnRequest.Builder txn = TxnRequest.newBuilder();
          for (int i = first; i < Math.min(first + TXN_OPS, KEYS); i++) {
            txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                .setKey(bs(String.format("k/%06d", i))).setValue(bs("r" + round + "-" + i))));
          }
          c.kv().txn(txn.build());
        }
      }
      long compactAt = c.kv().deleteRange(DeleteRangeRequest.newBuilder().setKey(bs("k/000100"))
          .setRangeEnd(bs("k/001100")).build()).getHeader().getRevision();
      c.kv().compact(CompactionRequest.newBuilder().setRevision(compactAt).setPhysical(true).build());
      lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(3600).build()).getID();
      for (int i = 0; i < 100; i++) {
        c.kv().put(PutRequest.newBuilder().setKey(bs("leased/" + i)).setValue(bs("l"))
            .setLease(lease).build());
      }
      etcdState = State.of(c, lease);
      Etcdctl.Result saved = Etcdctl.run(etcdFlags.clientUrl(), "snapshot", "save",
          fromEtcd.toString());
      assertThat(saved.exit()).as(saved.transcript()).isZero();
    }
    assertThat(etcdState.kvs()).hasSize(KEYS - 1000 + 100);

    List<MemberFlags> cairn = MemberFlags.cluster(3, tmp.resolve("cairn"));
    Path fromCairn = tmp.resolve("cairn.db");
    for (MemberFlags f : cairn) {
      CairnRestore.Result r = CairnRestore.run(fromEtcd, f.asArgs(),
          tmp.resolve(f.name() + "-restore.log"));
      assertThat(r.exit()).as(r.output()).isZero();
    }
    try (ProcessCluster restored = ProcessCluster.start(cairn, tmp)) {
      for (MemberFlags f : cairn) {
        try (EtcdClients c = EtcdClients.of(f)) {
          etcdState.assertSameAs(State.of(c, lease), f.name());
        }
      }
      Etcdctl.Result saved = Etcdctl.run(cairn.get(1).clientUrl(), "snapshot", "save",
          fromCairn.toString());
      assertThat(saved.exit()).as(saved.transcript()).isZero();
    }

    MemberFlags back = new MemberFlags("e2", tmp.resolve("etcd2"), Ports.free(), Ports.free());
    Etcdctl.Result restored = Etcdctl.run(back.clientUrl(), "snapshot", "restore",
        fromCairn.toString(), "--name", back.name(), "--data-dir", back.dataDir().toString(),
        "--initial-cluster", back.initialCluster(), "--initial-advertise-peer-urls", back.peerUrl());
    assertThat(restored.exit()).as(restored.transcript()).isZero();
    try (EtcdProcess etcd = EtcdProcess.start(back, tmp.resolve("etcd2.log"));
        EtcdClients c = EtcdClients.of(back)) {
      etcdState.assertSameAs(State.of(c, lease), "etcd restored from Cairn");
    }
  }

  /** What a migration must keep: every key-value, the revision, the compaction point, the lease. */
  private record State(List<KeyValue> kvs, long revision, long compacted, long leaseGranted,
      List<ByteString> leaseKeys) {

    static State of(EtcdClients c, long lease) {
      RangeResponse all = c.kv().range(RangeRequest.newBuilder().setKey(bs("\0"))
          .setRangeEnd(bs("\0")).build());
      long compacted = compactedBelow(c, all.getHeader().getRevision());
      LeaseTimeToLiveResponse ttl = c.lease().leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder()
          .setID(lease).setKeys(true).build());
      assertThat(ttl.getTTL()).isPositive();
      List<ByteString> keys = new ArrayList<>(ttl.getKeysList());
      keys.sort(ByteString.unsignedLexicographicalComparator());
      return new State(all.getKvsList(), all.getHeader().getRevision(), compacted,
          ttl.getGrantedTTL(), keys);
    }

    /** The highest revision a read at is refused as compacted (found by bisection). */
    private static long compactedBelow(EtcdClients c, long revision) {
      long lo = 0;
      long hi = revision;
      while (lo < hi) {
        long mid = (lo + hi + 1) / 2;
        if (isCompacted(c, mid)) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }

    private static boolean isCompacted(EtcdClients c, long rev) {
      try {
        c.kv().range(RangeRequest.newBuilder().setKey(bs("k/000000")).setRevision(rev).build());
        return false;
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getDescription())
            .isEqualTo("etcdserver: mvcc: required revision has been compacted");
        return true;
      }
    }

    void assertSameAs(State other, String where) {
      assertThat(other.revision()).as(where + ": revision").isEqualTo(revision);
      assertThat(other.compacted()).as(where + ": compacted below").isEqualTo(compacted);
      assertThat(other.leaseGranted()).as(where + ": lease TTL").isEqualTo(leaseGranted);
      assertThat(other.leaseKeys()).as(where + ": lease keys").isEqualTo(leaseKeys);
      assertThat(other.kvs().size()).as(where + ": keys").isEqualTo(kvs.size());
      for (int i = 0; i < kvs.size(); i++) {
        if (!kvs.get(i).equals(other.kvs().get(i))) {
          assertThat(other.kvs().get(i)).as(where + ": key " + i).isEqualTo(kvs.get(i));
        }
      }
    }
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
