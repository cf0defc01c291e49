package io.cairn.tests.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmType;
import io.cairn.api.CompactionRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.PutRequest;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.CairnRestore;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving from etcd: a snapshot saved with etcdctl from a real etcd 3.4.23 is restored with
 * {@code cairn snapshot restore}, and a Cairn member started on it answers etcdctl exactly as the
 * etcd did (after normalising the cluster and member IDs and the Raft term): every key with its
 * create and mod revisions and version, reads at past revisions, the compaction point, the lease
 * and its keys, the alarm. The same works from a stopped member's {@code member/snap/db} with
 * --skip-hash-check; a snapshot holding users is refused and leaves no data dir.
 */
class EtcdSnapshotImportTest {

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  /** What etcdctl shows of the store, without what differs between two clusters by design. */
  private static List<String> view(String url, long compacted, long past, long lease) {
    List<String> out = new ArrayList<>();
    for (List<String> args : List.of(
        List.of("get", "", "--prefix", "-w", "json"),
        List.of("get", "k/", "--prefix", "--rev", Long.toString(past), "-w", "json"),
        List.of("get", "k/1", "--rev", Long.toString(compacted - 1)),
        List.of("get", "k/", "--prefix", "--keys-only", "--limit", "3"),
        List.of("lease", "list"),
        List.of("alarm", "list"))) {
      Etcdctl.Result r = Etcdctl.run(url, args.toArray(String[]::new));
      out.add("$ " + String.join(" ", args) + "\n" + normalise(r.stdout() + r.stderr())
          + "[exit " + r.exit() + "]");
    }
    Etcdctl.Result ttl = Etcdctl.run(url, "lease", "timetolive", Long.toHexString(lease), "--keys");
    out.add(sortedAttachedKeys(normalise(ttl.stdout())
        .replaceAll("remaining\\(\\d+s\\)", "remaining(N)")));
    return out;
  }

  /** etcd lists a lease's keys in its Go map's (random) order; Cairn sorts them. */
  private static String sortedAttachedKeys(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("attached keys\\(\\[([^\\]]*)\\]\\)")
        .matcher(s);
    if (!m.find()) {
      return s;
    }
    List<String> keys = new ArrayList<>(List.of(m.group(1).split(" ")));
    java.util.Collections.sort(keys);
    return s.substring(0, m.start(1)) + String.join(" ", keys) + s.substring(m.end(1));
  }

  private static String normalise(String s) {
    return s.replaceAll("\"cluster_id\":\\d+", "\"cluster_id\":C")
        .replaceAll("\"member_id\":\\d+", "\"member_id\":M")
        .replaceAll("\"raft_term\":\\d+", "\"raft_term\":T")
        // etcdctl's client log line: its time and its client's random target name
        .replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":TS")
        .replaceAll("\"target\":\"[^\"]*\"", "\"target\":E");
  }

  @Test
  void aMemberRestoredFromAnEtcdSnapshotAnswersAsTheEtcdDid(@TempDir Path tmp) throws Exception {
    Path snapshot = tmp.resolve("etcd.db");
    Path withUsers = tmp.resolve("etcd-users.db");
    MemberFlags etcdFlags = new MemberFlags("e1", tmp.resolve("etcd"), Ports.free(), Ports.free());
    long compacted;
    long past;
    long lease;
    List<String> etcdView;
    try (EtcdProcess etcd = EtcdProcess.start(etcdFlags, tmp.resolve("etcd.log"));
        EtcdClients c = new EtcdClients(etcdFlags.host(), etcdFlags.clientPort())) {
      for (int i = 0; i < 40; i++) {
        c.kv().put(PutRequest.newBuilder().setKey(bs("k/" + i)).setValue(bs("v" + i)).build());
      }
      for (int i = 0; i < 10; i++) {
        c.kv().put(PutRequest.newBuilder().setKey(bs("k/" + i)).setValue(bs("w" + i)).build());
      }
      compacted = c.kv().deleteRange(DeleteRangeRequest.newBuilder().setKey(bs("k/3")).build())
          .getHeader().getRevision();
      c.kv().compact(CompactionRequest.newBuilder().setRevision(compacted).setPhysical(true).build());
      past = c.kv().put(PutRequest.newBuilder().setKey(bs("k/1")).setValue(bs("x")).build())
          .getHeader().getRevision();
      lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(900).build()).getID();
      for (String k : List.of("leased/a", "leased/b")) {
        c.kv().put(PutRequest.newBuilder().setKey(bs(k)).setValue(bs("l")).setLease(lease).build());
      }
      c.kv().deleteRange(DeleteRangeRequest.newBuilder().setKey(bs("k/2")).build());
      c.maintenance().alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
          .setMemberID(1).setAlarm(AlarmType.NOSPACE).build());
      etcdView = view(etcdFlags.clientUrl(), compacted, past, lease);
      Etcdctl.Result saved = Etcdctl.run(etcdFlags.clientUrl(), "snapshot", "save", snapshot.toString());
      assertThat(saved.exit()).as(saved.transcript()).isZero();

      c.maintenance().alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.DEACTIVATE)
          .setMemberID(1).setAlarm(AlarmType.NOSPACE).build());
      Etcdctl.Result user = Etcdctl.run(etcdFlags.clientUrl(), "user", "add", "alice",
          "--new-user-password=secret");
      assertThat(user.exit()).as(user.transcript()).isZero();
      Etcdctl.Result saved2 = Etcdctl.run(etcdFlags.clientUrl(), "snapshot", "save", withUsers.toString());
      assertThat(saved2.exit()).as(saved2.transcript()).isZero();
      Etcdctl.Result deleted = Etcdctl.run(etcdFlags.clientUrl(), "user", "delete", "alice");
      assertThat(deleted.exit()).as(deleted.transcript()).isZero();
      // etcd commits its backend every 100 ms: let the deletion reach member/snap/db
      Thread.sleep(1000);
    }
    assertThat(etcdView.get(0)).as("leased/a, base64").contains("bGVhc2VkL2E=").contains("\"lease\":");
    assertThat(etcdView.get(2)).contains("required revision has been compacted");

    MemberFlags cairnFlags = new MemberFlags("c1", tmp.resolve("cairn"), Ports.free(), Ports.free());
    CairnRestore.Result r = CairnRestore.run(snapshot, cairnFlags.asArgs(), tmp.resolve("restore.log"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("imported an etcd snapshot");
    try (CairnProcess cairn = new CairnProcess(cairnFlags, tmp.resolve("cairn.log"))) {
      cairn.launch();
      cairn.awaitServing(Duration.ofSeconds(90));
      List<String> cairnView = view(cairnFlags.clientUrl(), compacted, past, lease);
      for (int i = 0; i < etcdView.size(); i++) {
        assertThat(cairnView.get(i)).isEqualTo(etcdView.get(i));
      }
      // the alarm came along, so writes wait for the operator, as on the etcd
      Etcdctl.Result refused = Etcdctl.run(cairnFlags.clientUrl(), "put", "after", "x");
      assertThat(refused.stderr()).contains("etcdserver: mvcc: database space exceeded");
    }

    // a stopped member's own database file, which has no trailing hash
    Path memberDb = etcdFlags.dataDir().resolve("member").resolve("snap").resolve("db");
    MemberFlags second = new MemberFlags("c2", tmp.resolve("cairn2"), Ports.free(), Ports.free());
    List<String> args = new ArrayList<>(second.asArgs());
    args.add("--skip-hash-check");
    CairnRestore.Result fromDb = CairnRestore.run(memberDb, args, tmp.resolve("restore2.log"));
    assertThat(fromDb.exit()).as(fromDb.output()).isZero();
    try (CairnProcess cairn = new CairnProcess(second, tmp.resolve("cairn2.log"))) {
      cairn.launch();
      cairn.awaitServing(Duration.ofSeconds(90));
      Etcdctl.Result count = Etcdctl.run(second.clientUrl(), "get", "k/", "--prefix", "--keys-only",
          "-w", "fields");
      assertThat(count.stdout()).contains("\"Count\" : 38");
    }

    // users come along with their etcd (Go bcrypt) password hashes: alice can log in on Cairn
    MemberFlags third = new MemberFlags("c3", tmp.resolve("cairn3"), Ports.free(), Ports.free());
    CairnRestore.Result users = CairnRestore.run(withUsers, third.asArgs(), tmp.resolve("restore3.log"));
    assertThat(users.exit()).as(users.output()).isZero();
    try (CairnProcess cairn = new CairnProcess(third, tmp.resolve("cairn3.log"))) {
      cairn.launch();
      cairn.awaitServing(Duration.ofSeconds(90));
      assertThat(Etcdctl.run(third.clientUrl(), "user", "list").stdout()).isEqualTo("alice\n");
      Etcdctl.run(third.clientUrl(), "user", "add", "root", "--new-user-password=rootpw");
      Etcdctl.run(third.clientUrl(), "user", "grant-role", "root", "root");
      Etcdctl.run(third.clientUrl(), "role", "add", "r");
      Etcdctl.run(third.clientUrl(), "role", "grant-permission", "r", "read", "k/1");
      Etcdctl.run(third.clientUrl(), "user", "grant-role", "alice", "r");
      assertThat(Etcdctl.run(third.clientUrl(), "auth", "enable").stdout())
          .isEqualTo("Authentication Enabled\n");
      assertThat(Etcdctl.run(third.clientUrl(), "--user=alice:secret", "get", "k/1",
          "--print-value-only").stdout()).isEqualTo("x\n");
      assertThat(Etcdctl.run(third.clientUrl(), "--user=alice:wrong", "get", "k/1").stderr())
          .contains("authentication failed, invalid user ID or password");
    }
  }

  /**
   * And back: {@code etcdctl snapshot save} from Cairn gives etcd's own backend format, which etcd
   * 3.4.23's {@code snapshot status} reads and {@code snapshot restore} turns into a member that
   * answers exactly as the Cairn did; Cairn restores the same file too.
   */
  @Test
  void aSnapshotSavedFromCairnIsOneEtcdRestoresAndServes(@TempDir Path tmp) throws Exception {
    Path snapshot = tmp.resolve("cairn.db");
    MemberFlags cairnFlags = new MemberFlags("c1", tmp.resolve("cairn"), Ports.free(), Ports.free());
    long compacted;
    long past;
    long lease;
    long revision;
    List<String> cairnView;
    try (CairnProcess cairn = new CairnProcess(cairnFlags, tmp.resolve("cairn.log"))) {
      cairn.launch();
      cairn.awaitServing(Duration.ofSeconds(90));
      try (EtcdClients c = new EtcdClients(cairnFlags.host(), cairnFlags.clientPort())) {
        for (int i = 0; i < 300; i++) {
          c.kv().put(PutRequest.newBuilder().setKey(bs("k/" + i)).setValue(bs("v" + i)).build());
        }
        c.kv().put(PutRequest.newBuilder().setKey(bs("k/big")).setValue(bs("b".repeat(100_000)))
            .build());
        compacted = c.kv().deleteRange(DeleteRangeRequest.newBuilder().setKey(bs("k/3")).build())
            .getHeader().getRevision();
        c.kv().compact(CompactionRequest.newBuilder().setRevision(compacted).build());
        past = c.kv().put(PutRequest.newBuilder().setKey(bs("k/1")).setValue(bs("x")).build())
            .getHeader().getRevision();
        lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(900).build()).getID();
        c.kv().put(PutRequest.newBuilder().setKey(bs("leased/a")).setValue(bs("l")).setLease(lease)
            .build());
        revision = c.kv().deleteRange(DeleteRangeRequest.newBuilder().setKey(bs("k/2")).build())
            .getHeader().getRevision();
        c.maintenance().alarm(AlarmRequest.newBuilder()
            .setAction(AlarmRequest.AlarmAction.ACTIVATE).setMemberID(1)
            .setAlarm(AlarmType.NOSPACE).build());
      }
      cairnView = view(cairnFlags.clientUrl(), compacted, past, lease);
      Etcdctl.Result saved = Etcdctl.run(cairnFlags.clientUrl(), "snapshot", "save",
          snapshot.toString());
      assertThat(saved.exit()).as(saved.transcript()).isZero();
    }

    Etcdctl.Result status = Etcdctl.run(cairnFlags.clientUrl(), "snapshot", "status", "-w", "json",
        snapshot.toString());
    assertThat(status.exit()).as(status.transcript()).isZero();
    assertThat(status.stdout()).contains("\"revision\":" + revision + ",");

    MemberFlags etcdFlags = new MemberFlags("e1", tmp.resolve("etcd"), Ports.free(), Ports.free());
    Etcdctl.Result restored = Etcdctl.run(etcdFlags.clientUrl(), "snapshot", "restore",
        snapshot.toString(), "--name", etcdFlags.name(), "--data-dir", etcdFlags.dataDir().toString(),
        "--initial-cluster", etcdFlags.initialCluster(), "--initial-advertise-peer-urls",
        etcdFlags.peerUrl());
    assertThat(restored.exit()).as(restored.transcript()).isZero();
    try (EtcdProcess etcd = EtcdProcess.start(etcdFlags, tmp.resolve("etcd.log"))) {
      List<String> etcdView = view(etcdFlags.clientUrl(), compacted, past, lease);
      for (int i = 0; i < cairnView.size(); i++) {
        assertThat(etcdView.get(i)).isEqualTo(cairnView.get(i));
      }
    }

    MemberFlags again = new MemberFlags("c2", tmp.resolve("cairn2"), Ports.free(), Ports.free());
    CairnRestore.Result r = CairnRestore.run(snapshot, again.asArgs(), tmp.resolve("restore.log"));
    assertThat(r.exit()).as(r.output()).isZero();
    try (CairnProcess cairn = new CairnProcess(again, tmp.resolve("cairn2.log"))) {
      cairn.launch();
      cairn.awaitServing(Duration.ofSeconds(90));
      List<String> roundTrip = view(again.clientUrl(), compacted, past, lease);
      for (int i = 0; i < cairnView.size(); i++) {
        assertThat(roundTrip.get(i)).isEqualTo(cairnView.get(i));
      }
    }
  }
}
