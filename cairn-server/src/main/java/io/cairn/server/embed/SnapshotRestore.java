package io.cairn.server.embed;

import io.cairn.server.backend.BackendDump;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.core.apply.BackendApplier;
import io.cairn.server.membership.MemberStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn snapshot restore FILE [flags]}: makes a new member's data dir from a snapshot taken
 * with {@code etcdctl snapshot save} (etcd's {@code etcdctl snapshot restore}, which etcd 3.5 moved
 * to etcdutl). The keys, leases, revisions and compaction point are kept; the old cluster's
 * membership and Raft position are dropped, so members started on restored dirs with the same
 * {@code --initial-cluster} flags form a new cluster (new cluster ID) holding the snapshot's data.
 *
 * <p>Flags are the server's ({@code --name}, {@code --data-dir}, {@code --initial-cluster},
 * {@code --initial-cluster-token}, {@code --initial-advertise-peer-urls}) plus
 * {@code --skip-hash-check}, as with etcdctl.
 */
public final class SnapshotRestore {
  private static final int SHA256_BYTES = 32;
  private static final String SKIP_HASH_CHECK = "--skip-hash-check";

  private SnapshotRestore() {}

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      System.err.println("Error: snapshot restore requires exactly one argument");
      return 1;
    }
    Path file = Path.of(args[0]);
    boolean skipHashCheck = false;
    List<String> flags = new ArrayList<>();
    for (String a : Arrays.asList(args).subList(1, args.length)) {
      if (a.equals(SKIP_HASH_CHECK) || a.equals(SKIP_HASH_CHECK + "=true")) {
        skipHashCheck = true;
      } else if (!a.equals(SKIP_HASH_CHECK + "=false")) {
        flags.add(a);
      }
    }
    try {
      // etcdctl reads these from its flags only, never from the server's ETCD_* variables
      ServerConfig config = ConfigParser.parse(flags.toArray(String[]::new), Map.of());
      restore(file, config.dataDir(), skipHashCheck);
      System.err.printf("restored snapshot %s into data dir %s for member %s%n", file,
          config.dataDir(), config.name());
      return 0;
    } catch (java.nio.file.NoSuchFileException e) {
      System.err.println("Error: open " + e.getFile() + ": no such file or directory");
      return 1;
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("Error: " + e.getMessage());
      return 1;
    }
  }

  /** Builds {@code dataDir} from the snapshot file; the dir must not exist yet. */
  public static void restore(Path file, Path dataDir, boolean skipHashCheck) throws IOException {
    if (Files.exists(dataDir)) {
      throw new IOException("data-dir \"" + dataDir + "\" exists");
    }
    byte[] snapshot = Files.readAllBytes(file);
    int payload = payloadLength(snapshot, skipHashCheck);
    Path db = dataDir.resolve("member").resolve("db");
    Files.createDirectories(db);
    try (RocksBackend backend = new RocksBackend(db)) {
      try (java.io.InputStream dump = RestoreProgress.of(new ByteArrayInputStream(snapshot, 0, payload), payload)) {
        BackendDump.read(dump, backend);
      }
      forgetOldCluster(backend);
    }
  }

  /**
   * The length of the backend dump: etcd's snapshot stream ends with the SHA-256 of everything
   * before it, which is padded to a multiple of 512 bytes; a file without it (e.g. a raw copy) is
   * taken whole only with --skip-hash-check, as etcdctl does.
   */
  static int payloadLength(byte[] snapshot, boolean skipHashCheck) throws IOException {
    boolean hasHash = snapshot.length % BackendDump.SNAPSHOT_ALIGN == SHA256_BYTES;
    if (!hasHash) {
      if (!skipHashCheck) {
        throw new IOException("snapshot missing hash but --skip-hash-check=false");
      }
      return snapshot.length;
    }
    int payload = snapshot.length - SHA256_BYTES;
    if (!skipHashCheck) {
      byte[] expected = Arrays.copyOfRange(snapshot, payload, snapshot.length);
      byte[] actual = sha256(snapshot, payload);
      if (!Arrays.equals(expected, actual)) {
        throw new IOException("expected sha256 " + HexFormat.of().formatHex(expected) + ", got "
            + HexFormat.of().formatHex(actual));
      }
    }
    return payload;
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(data, 0, length);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /**
   * Drops what belonged to the old cluster: its members and ID (the new member bootstraps them
   * from its flags, having no identity file) and its Raft position (a new Raft log starts at 1).
   */
  private static void forgetOldCluster(RocksBackend backend) {
    try (BatchTx batch = backend.newBatch()) {
      MemberStore.forgetCluster(backend, batch);
      BackendApplier.forgetRaftPosition(batch);
      batch.commit();
    }
  }
}
