package io.cairn.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.cli.snapshot.CairnDump;
import io.cairn.server.backend.BackendDump;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.mvcc.KeyLeaseListener;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.mvcc.WriteTxn;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.CairnctlWrapper;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code snapshot status}: for a snapshot saved from a real etcd 3.4.23 (a bbolt file with
 * overwritten and deleted keys, a lease, enough keys for branch pages and a value spanning overflow
 * pages), cairnctl prints exactly what etcdctl prints in every output format, and so for a snapshot
 * saved from Cairn (etcd's format too); for a dump saved by an earlier Cairn, it reports the
 * revision, key count and hash of the dump as CairnDump defines them.
 */
class SnapshotStatusTest {
  @TempDir
  static Path tmp;
  private static Path cairnctl;
  private static EtcdProcess etcd;
  private static String endpoint;
  private static Path etcdSnapshot;

  @BeforeAll
  static void etcdSnapshot() throws Exception {
    cairnctl = CairnctlWrapper.create(tmp).resolve("etcdctl");
    MemberFlags flags = new MemberFlags("default", tmp.resolve("etcd-data"), Ports.free(), Ports.free());
    etcd = EtcdProcess.start(flags, tmp.resolve("etcd.log"));
    endpoint = flags.clientUrl();
    try (EtcdClients client = new EtcdClients(flags.clientPort())) {
      writeKeys(client);
    }
    etcdSnapshot = tmp.resolve("etcd.db");
    assertThat(Etcdctl.run(endpoint, "snapshot", "save", etcdSnapshot.toString()).exit()).isZero();
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  /** Puts, overwrites, a lease, 300 keys (several leaf pages under a branch) and a 100 kB value. */
  private static void writeKeys(EtcdClients client) {
    long lease = client.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(600).build()).getID();
    for (int i = 0; i < 300; i++) {
      client.kv().put(put("key-" + i, "value-" + "v".repeat(i % 97)).build());
    }
    client.kv().put(put("key-7", "again").setLease(lease).build());
    client.kv().deleteRange(io.cairn.api.DeleteRangeRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8("key-8")).build());
    client.kv().put(put("big", "b".repeat(100_000)).build());
  }

  private static PutRequest.Builder put(String key, String value) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8(value));
  }

  @ParameterizedTest(name = "-w {0}")
  @ValueSource(strings = {"simple", "table", "json", "fields", "protobuf", "yaml"})
  void etcdSnapshotStatusIsEtcdctls(String format) {
    String[] args = {"-w", format, "snapshot", "status", etcdSnapshot.toString()};

    assertThat(Etcdctl.runProgram(cairnctl, endpoint, args).transcript())
        .isEqualTo(Etcdctl.run(endpoint, args).transcript());
  }

  @Test
  void etcdSnapshotRevisionIsTheServers() throws Exception {
    long revision;
    try (EtcdClients client = new EtcdClients(etcd.flags().clientPort())) {
      revision = client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("big")).build())
          .getHeader().getRevision();
    }

    String json = Etcdctl.runProgram(cairnctl, endpoint, "-w", "json", "snapshot", "status",
        etcdSnapshot.toString()).stdout();

    assertThat(json).contains("\"revision\":" + revision + ",");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"no-such-file", "short-file", "empty-file", "not-a-database", "no-argument"})
  void badFilesFailAsEtcdctlFails(String name) throws Exception {
    Path file = tmp.resolve("bad-" + name);
    switch (name) {
      case "short-file" -> Files.writeString(file, "hello\n");
      case "empty-file" -> Files.write(file, new byte[0]);
      case "not-a-database" -> Files.write(file, new byte[5000]);
      default -> { }
    }
    String[] args = name.equals("no-argument") ? new String[] {"snapshot", "status"}
        : new String[] {"snapshot", "status", file.toString()};

    assertThat(Etcdctl.runProgram(cairnctl, endpoint, args).transcript())
        .isEqualTo(Etcdctl.run(endpoint, args).transcript());
  }

  /**
   * A snapshot saved from Cairn is etcd's own backend format: etcdctl and cairnctl report the same
   * status for it, in every output format, with the server's revision.
   */
  @Test
  void cairnSnapshotStatusIsEtcdctlsToo() throws Exception {
    MemberFlags flags = new MemberFlags("default", tmp.resolve("cairn-data"), Ports.free(), Ports.free());
    Path snapshot = tmp.resolve("cairn.db");
    long revision;
    try (CairnMember cairn = CairnMember.start(flags); EtcdClients client = new EtcdClients(flags.clientPort())) {
      writeKeys(client);
      revision = client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("big")).build())
          .getHeader().getRevision();
      assertThat(Etcdctl.runProgram(cairnctl, flags.clientUrl(), "snapshot", "save", snapshot.toString())
          .exit()).isZero();
    }

    for (String format : new String[] {"simple", "table", "json", "fields", "protobuf", "yaml"}) {
      String[] args = {"-w", format, "snapshot", "status", snapshot.toString()};
      // etcdctl refuses some output formats for snapshot status, for any file: cairnctl too
      Etcdctl.Result etcdctl = Etcdctl.run(endpoint, args);
      assertThat(Etcdctl.runProgram(cairnctl, endpoint, args).transcript())
          .isEqualTo(etcdctl.transcript());
    }
    Etcdctl.Result json = Etcdctl.run(endpoint, "-w", "json", "snapshot", "status", snapshot.toString());
    assertThat(json.exit()).as(json.transcript()).isZero();
    assertThat(json.stdout()).contains("\"revision\":" + revision + ",");
  }

  /**
   * A snapshot saved from an earlier Cairn (its own dump format) still reports the revision, key
   * count and hash of the dump as CairnDump defines them.
   */
  @Test
  void anEarlierCairnDumpReportsItsRevisionKeysAndHash() throws Exception {
    Path snapshot = tmp.resolve("cairn-dump.db");
    long revision;
    try (RocksBackend backend = new RocksBackend(tmp.resolve("dump-source"))) {
      KvStore store = new KvStore(backend, KeyLeaseListener.NONE);
      for (int i = 0; i < 300; i++) {
        try (BatchTx batch = backend.newBatch()) {
          WriteTxn txn = store.beginWrite(batch);
          txn.put(ByteString.copyFromUtf8("key-" + i), ByteString.copyFromUtf8("v" + i), 0, false);
          batch.commit();
          txn.end();
        }
      }
      revision = store.currentRevision();
      java.io.ByteArrayOutputStream dump = new java.io.ByteArrayOutputStream();
      try (var snap = backend.snapshot()) {
        BackendDump.write(snap, dump);
      }
      int align = BackendDump.SNAPSHOT_ALIGN;
      byte[] padded = Arrays.copyOf(dump.toByteArray(), (dump.size() + align - 1) / align * align);
      byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(padded);
      Files.write(snapshot, padded);
      Files.write(snapshot, sha, java.nio.file.StandardOpenOption.APPEND);
    }

    Etcdctl.Result status = Etcdctl.runProgram(cairnctl, endpoint, "-w", "json",
        "snapshot", "status", snapshot.toString());

    Expected expected = Expected.of(Files.readAllBytes(snapshot));
    assertThat(expected.keyRecords).isEqualTo(300);
    assertThat(status.stdout()).isEqualTo("{\"hash\":" + Integer.toUnsignedString(expected.hash)
        + ",\"revision\":" + revision + ",\"totalKey\":" + expected.records
        + ",\"totalSize\":" + (Files.size(snapshot) - 32) + "}\n");
    assertThat(status.exit()).isZero();
  }

  @Test
  void cairnctlNamesTheServersBucketsInOrder() {
    assertThat(CairnDump.BUCKETS).containsExactly(Arrays.stream(Bucket.values()).map(Bucket::id)
        .toArray(String[]::new));
  }

  /** The dump read record by record, independently of cairnctl: counts and etcd's hash over it. */
  private record Expected(long records, long keyRecords, int hash) {
    static Expected of(byte[] file) throws Exception {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
      in.skipNBytes("cairn-snapshot-v1\n".length());
      Map<String, TreeMap<String, byte[][]>> buckets = new TreeMap<>();
      long records = 0;
      for (int b = in.readUnsignedByte(); b != 0xFF; b = in.readUnsignedByte()) {
        byte[] k = in.readNBytes(in.readInt());
        byte[] v = in.readNBytes(in.readInt());
        // ISO-8859-1 keeps bytes' unsigned order, as bbolt compares keys
        buckets.computeIfAbsent(Bucket.values()[b].id(), x -> new TreeMap<>())
            .put(new String(k, StandardCharsets.ISO_8859_1), new byte[][] {k, v});
        records++;
      }
      CRC32C crc = new CRC32C();
      buckets.forEach((name, entries) -> {
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        entries.values().forEach(kv -> {
          crc.update(kv[0]);
          crc.update(kv[1]);
        });
      });
      return new Expected(records, buckets.getOrDefault("key", new TreeMap<>()).size(), (int) crc.getValue());
    }
  }
}
