package io.cairn.tests.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.MemberListRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.Tools;
import io.cairn.tests.support.WriteLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/disaster-recovery.md, run as written: each runbook's command blocks on directories standing
 * for machines, with the disaster between them, and the check an operator cares about: no write
 * acknowledged before the backup, the loss or the switch is missing. Every block of the document
 * must be run by one of the tests.
 */
class DisasterRecoveryRunbookTest {
  private static final Path DOC = Path.of("..", "docs", "disaster-recovery.md");
  private static final String[] MEMBER_IPS = {"127.0.1.1", "127.0.1.2", "127.0.1.3"};
  private static final String ETCD_IP = "127.0.2.1";
  private static final Duration PROGRESS = Duration.ofSeconds(60);
  /**
   * The write rate during a migration window: about 20 puts/s, which the mirror (one destination
   * transaction per source revision, one at a time) keeps up with on a loaded two-core machine.
   */
  private static final Duration MIGRATION_PACE = Duration.ofMillis(50);

  private static Runbook book;

  @BeforeAll
  static void readRunbook() throws IOException {
    book = Runbook.read(DOC);
  }

  @AfterAll
  static void everyStepWasRun() {
    assertThat(book.notRun()).as("steps of %s no test runs", DOC).isEmpty();
  }

  @Test
  void restoreFromABackupAfterQuorumIsLost(@TempDir Path tmp) throws Exception {
    List<Machine> machines = machines(tmp);
    try (AutoCloseable ignored = closing(machines)) {
      List<Process> members = startAll(machines, "start");
      Map<String, Long> beforeBackup;
      try (WriteLoad load = new WriteLoad(MEMBER_IPS[0], 2379, "load/", Integer.MAX_VALUE)) {
        load.awaitProgress(50, PROGRESS);
        beforeBackup = Map.copyOf(load.acked());
        assertThat(machines.get(0).run("backup")).contains("Snapshot saved at backup.db");
        load.awaitProgress(20, PROGRESS);
      }
      // every member dies; two of them lose their disks
      for (Process p : members) {
        Machine.kill(p);
      }
      deleteTree(machines.get(1).dir().resolve("m2.cairn"));
      deleteTree(machines.get(2).dir().resolve("m3.cairn"));
      for (Machine m : machines.subList(1, 3)) {
        Files.copy(machines.get(0).dir().resolve("backup.db"), m.dir().resolve("backup.db"));
      }

      for (Machine m : machines) {
        m.run("restore");
      }
      assertThat(machines.get(0).dir().resolve("m1.cairn.before-restore")).isDirectory();
      startAll(machines, "start");
      String check = machines.get(0).run("check");
      assertThat(check.lines().filter(l -> l.contains("is healthy"))).hasSize(3);
      assertThat(check).contains("| http://127.0.1.1:2379 |");
      try (EtcdClients c = new EtcdClients(MEMBER_IPS[1], 2379)) {
        assertThat(WriteLoad.modRevisions(c, false)).containsAllEntriesOf(beforeBackup);
        c.put("after-restore", "1");
      }
    }
  }

  @Test
  void forceNewClusterOnTheLastSurvivor(@TempDir Path tmp) throws Exception {
    List<Machine> machines = machines(tmp);
    try (AutoCloseable ignored = closing(machines)) {
      List<Process> members = startAll(machines, "start");
      Map<String, Long> acked;
      try (WriteLoad load = new WriteLoad(MEMBER_IPS[0], 2379, "load/", Integer.MAX_VALUE)) {
        load.awaitProgress(100, PROGRESS);
        Machine.kill(members.get(1));
        Machine.kill(members.get(2));
        load.stop();
        acked = Map.copyOf(load.acked());
      }
      Machine m1 = machines.get(0);
      Machine.stop(members.get(0));

      Process forced = m1.start("force-new-cluster");
      m1.awaitServing();
      String check = m1.run("forced-check");
      assertThat(check.lines().filter(l -> l.startsWith("|") && l.contains("started"))).hasSize(1);
      assertThat(check).contains(" m1 | http://127.0.1.1:2380 |").contains("OK");
      Machine.stop(forced);
      m1.start("start");
      m1.awaitServing();

      assertThat(m1.run("add-m2")).contains("Member", "added to cluster")
          .contains("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
      Machine m2 = machines.get(1);
      m2.run("wipe-m2");
      assertThat(m2.dir().resolve("m2.cairn.lost")).isDirectory();
      m2.start("join-m2");
      try (EtcdClients c = new EtcdClients(MEMBER_IPS[1], 2379)) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> c.kv()
            .range(RangeRequest.newBuilder().setKey(bs("recovered")).setSerializable(true).build())
            .getCount() == 1);
        assertThat(WriteLoad.modRevisions(c, true)).containsAllEntriesOf(acked);
        assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance()).getMembersCount())
            .isEqualTo(2);
        c.put("through-m2", "1");
      }
    }
  }

  @Test
  void liveMigrationFromEtcdAndBack(@TempDir Path tmp) throws Exception {
    List<Machine> machines = machines(tmp);
    Machine etcdMachine = new Machine(book, tmp.resolve("e1"), "e1", ETCD_IP);
    machines.add(etcdMachine);
    try (AutoCloseable ignored = closing(machines)) {
      String peer = "http://" + ETCD_IP + ":2380";
      String client = "http://" + ETCD_IP + ":2379";
      Process oldEtcd = etcdMachine.startCommand("old-etcd.log", List.of(Tools.etcd().toString(),
          "--name", "e1", "--data-dir", "old.etcd", "--listen-client-urls", client,
          "--advertise-client-urls", client, "--listen-peer-urls", peer,
          "--initial-advertise-peer-urls", peer, "--initial-cluster", "e1=" + peer));
      etcdMachine.awaitServing();
      long lease = seed(ETCD_IP);

      Machine m1 = machines.get(0);
      Map<String, Long> acked = new HashMap<>();
      try (WriteLoad load = new WriteLoad(ETCD_IP, 2379, "window/", Integer.MAX_VALUE,
          MIGRATION_PACE)) {
        load.awaitProgress(50, PROGRESS);
        m1.run("etcd-snapshot");
        for (Machine m : machines.subList(0, 3)) {
          Files.copy(m1.dir().resolve("etcd.db"), m.dir().resolve("backup.db"));
          m.run("restore");
        }
        startAll(machines.subList(0, 3), "start");
        Process mirror = m1.start("mirror");
        load.awaitProgress(100, PROGRESS);
        // the switch: the writers stop, the mirror catches up, the two sides are compared
        load.stop();
        acked.putAll(load.acked());
        assertThat(m1.run("compare")).contains("Cairn holds etcd's keys, values and revisions");
        Machine.stop(mirror);
      }
      long snapshotRevision = Long.parseLong(Files.readString(m1.dir().resolve("etcd.rev")).trim());
      assertThat(acked.values()).anyMatch(rev -> rev > snapshotRevision);
      try (EtcdClients cairn = new EtcdClients(MEMBER_IPS[2], 2379)) {
        assertThat(WriteLoad.modRevisions(cairn, false)).containsAllEntriesOf(acked);
        LeaseTimeToLiveResponse ttl = cairn.lease().leaseTimeToLive(LeaseTimeToLiveRequest
            .newBuilder().setID(lease).setKeys(true).build());
        assertThat(ttl.getKeysCount()).isEqualTo(3);
        assertThat(ttl.getTTL()).isPositive();
      }

      // and back: the old etcd member is retired, a new one restored from Cairn's snapshot
      Machine.stop(oldEtcd);
      acked.clear();
      try (WriteLoad load = new WriteLoad(MEMBER_IPS[0], 2379, "back/", Integer.MAX_VALUE,
          MIGRATION_PACE)) {
        load.awaitProgress(50, PROGRESS);
        etcdMachine.run("cairn-snapshot");
        etcdMachine.start("etcd-start");
        etcdMachine.awaitServing();
        Process mirrorBack = etcdMachine.start("mirror-back");
        load.awaitProgress(100, PROGRESS);
        load.stop();
        acked.putAll(load.acked());
        assertThat(etcdMachine.run("compare"))
            .contains("Cairn holds etcd's keys, values and revisions");
        Machine.stop(mirrorBack);
      }
      try (EtcdClients etcd = new EtcdClients(ETCD_IP, 2379)) {
        assertThat(WriteLoad.modRevisions(etcd, false)).containsAllEntriesOf(acked);
        assertThat(etcd.lease().leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(lease)
            .setKeys(true).build()).getKeysCount()).isEqualTo(3);
      }
    }
  }

  /** History on etcd before the migration: versions, deletes, a compaction, a lease with keys. */
  private static long seed(String ip) throws InterruptedException {
    try (EtcdClients c = new EtcdClients(ip, 2379)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 300; i++) {
          c.put("seed/" + i, "v" + round);
        }
      }
      for (int i = 0; i < 300; i += 7) {
        c.kv().deleteRange(io.cairn.api.DeleteRangeRequest.newBuilder().setKey(bs("seed/" + i))
            .build());
      }
      c.kv().compact(CompactionRequest.newBuilder().setRevision(400).build());
      long lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(3600).build()).getID();
      for (int i = 0; i < 3; i++) {
        c.kv().put(PutRequest.newBuilder().setKey(bs("leased/" + i)).setValue(bs("x"))
            .setLease(lease).build());
      }
      return lease;
    }
  }

  private static List<Machine> machines(Path tmp) throws IOException {
    List<Machine> machines = new ArrayList<>();
    for (int i = 0; i < MEMBER_IPS.length; i++) {
      machines.add(new Machine(book, tmp.resolve("m" + (i + 1)), "m" + (i + 1), MEMBER_IPS[i]));
    }
    return machines;
  }

  private static List<Process> startAll(List<Machine> machines, String step) throws IOException {
    List<Process> started = new ArrayList<>();
    for (Machine m : machines) {
      started.add(m.start(step));
    }
    machines.forEach(Machine::awaitServing);
    return started;
  }

  private static AutoCloseable closing(List<Machine> machines) {
    return () -> {
      for (Machine m : machines) {
        m.close();
      }
    };
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
