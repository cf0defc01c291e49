package io.cairn.server.embed;

import io.cairn.server.backend.BackendDump;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.backend.SnapshotHash;
import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.core.apply.BackendApplier;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.migrate.EtcdSnapshotImport;
import io.cairn.server.mvcc.KeyLeaseListener;
import io.cairn.server.mvcc.KvStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code --skip-hash-check}, as with etcdctl, and etcd 3.5 etcdutl's {@code --bump-revision N
 * --mark-compacted}: the restored revision moves N ahead and everything before it reads as
 * compacted, so watchers and caches that saw later revisions of the lost cluster are told to
 * start over instead of being fed revisions they take for old news.
 */
public final class SnapshotRestore {
  private static final String SKIP_HASH_CHECK = "--skip-hash-check";
  private static final String BUMP_REVISION = "--bump-revision";
  private static final String MARK_COMPACTED = "--mark-compacted";

  /** etcd's cobrautl.ExitBadArgs. */
  private static final int EXIT_BAD_ARGS = 128;

  private SnapshotRestore() {}

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      System.err.println("Error: snapshot restore requires exactly one argument");
      return 1;
    }
    Path file = Path.of(args[0]);
    boolean skipHashCheck = false;
    boolean markCompacted = false;
    long bumpRevision = 0;
    List<String> flags = new ArrayList<>();
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      for (int i = 0; i < rest.size(); i++) {
        String a = rest.get(i);
        if (a.equals(SKIP_HASH_CHECK) || a.equals(SKIP_HASH_CHECK + "=true")) {
          skipHashCheck = true;
        } else if (a.equals(MARK_COMPACTED) || a.equals(MARK_COMPACTED + "=true")) {
          markCompacted = true;
        } else if (a.equals(BUMP_REVISION) || a.startsWith(BUMP_REVISION + "=")) {
          String v = a.contains("=") ? a.substring(a.indexOf('=') + 1)
              : i + 1 < rest.size() ? rest.get(++i) : null;
          bumpRevision = parseBump(v);
        } else if (!a.equals(SKIP_HASH_CHECK + "=false") && !a.equals(MARK_COMPACTED + "=false")) {
          flags.add(a);
        }
      }
      if ((bumpRevision == 0) == markCompacted) {
        // etcdutl's words (its flag name included) and its exit code for bad arguments
        System.err.println("Error: --mark-compacted required if --revision-bump > 0");
        return EXIT_BAD_ARGS;
      }
      // etcdctl reads these from its flags only, never from the server's ETCD_* variables
      ServerConfig config = ConfigParser.parse(flags.toArray(String[]::new), Map.of());
      restore(file, config.dataDir(), skipHashCheck, bumpRevision);
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

  /** As pflag's uint64 flags: a decimal number, else the same refusal text. */
  private static long parseBump(String v) {
    try {
      if (v == null) {
        throw new IllegalArgumentException("flag needs an argument: " + BUMP_REVISION);
      }
      long n = Long.parseUnsignedLong(v);
      if (n < 0) {
        throw new IllegalArgumentException(BUMP_REVISION + " " + v + " is beyond any revision");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid argument \"" + v + "\" for \"" + BUMP_REVISION
          + "\" flag: strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
    }
  }

  /**
   * Builds {@code dataDir} from the snapshot file; the dir must not exist yet. With
   * {@code bumpRevision} > 0 the store's revision is the snapshot's plus that, and every older
   * revision is compacted (etcdutl's --bump-revision with --mark-compacted).
   */
  public static void restore(Path file, Path dataDir, boolean skipHashCheck, long bumpRevision)
      throws IOException {
    if (Files.exists(dataDir)) {
      throw new IOException("data-dir \"" + dataDir + "\" exists");
    }
    byte[] snapshot = Files.readAllBytes(file);
    int payload = payloadLength(snapshot, skipHashCheck);
    Path db = dataDir.resolve("member").resolve("db");
    Files.createDirectories(db);
    try {
      load(snapshot, payload, db, bumpRevision);
    } catch (IOException | RuntimeException e) {
      // a refused or failed restore leaves no data dir behind, so it can simply be run again
      deleteRecursively(dataDir);
      throw e;
    }
  }

  private static void load(byte[] snapshot, int payload, Path db, long bumpRevision)
      throws IOException {
    try (RocksBackend backend = new RocksBackend(db)) {
      if (EtcdSnapshotImport.isBolt(snapshot, payload)) {
        EtcdSnapshotImport.Summary s;
        try (RestoreProgress progress = RestoreProgress.counting(payload)) {
          s = EtcdSnapshotImport.load(ByteBuffer.wrap(snapshot, 0, payload), backend,
              progress::advance);
        }
        System.err.printf("imported an etcd snapshot: revision %d, %d key revisions, %d leases,"
            + " %d alarms, compacted at %d%n", s.revision(), s.keyRevisions(), s.leases(),
            s.alarms(), s.compactRevision());
      } else if (BackendDump.matches(snapshot)) {
        try (java.io.InputStream dump =
            RestoreProgress.of(new ByteArrayInputStream(snapshot, 0, payload), payload)) {
          BackendDump.read(dump, backend);
        }
      } else {
        throw new IOException("the file is neither an etcd snapshot (a bbolt database) nor a Cairn"
            + " snapshot");
      }
      forgetOldCluster(backend);
      if (bumpRevision > 0) {
        bumpRevision(backend, bumpRevision);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Moves the revision ahead by compacting at the snapshot's revision plus {@code amount}: the
   * store's revision is the newer of its last write and its compaction point, so the next write
   * gets latest + amount + 1, and a read or watch from any earlier revision gets "compacted".
   * etcd 3.5 writes a placeholder key revision and schedules the compaction for the member's
   * start; here it happens at once, so the restored dir holds no history to hash or replay.
   */
  private static void bumpRevision(RocksBackend backend, long amount) {
    KvStore store = new KvStore(backend, KeyLeaseListener.NONE);
    long latest = store.currentRevision();
    long bumped = Math.addExact(latest, amount);
    try (BatchTx batch = backend.newBatch()) {
      store.compact(bumped, bumped, batch);
      batch.commit();
    }
    System.err.printf("bumped the latest revision %d by %d to %d, marked compacted%n", latest,
        amount, bumped);
  }

  /**
   * The length of the backend dump: etcd's snapshot stream ends with the SHA-256 of everything
   * before it, which is padded to a multiple of 512 bytes; a file without it (e.g. a raw copy) is
   * taken whole only with --skip-hash-check, as etcdctl does.
   */
  static int payloadLength(byte[] snapshot, boolean skipHashCheck) throws IOException {
    boolean hasHash = snapshot.length % BackendDump.SNAPSHOT_ALIGN == SnapshotHash.BYTES;
    if (!hasHash) {
      if (!skipHashCheck) {
        throw new IOException("snapshot missing hash but --skip-hash-check=false");
      }
      return snapshot.length;
    }
    int payload = snapshot.length - SnapshotHash.BYTES;
    if (!skipHashCheck) {
      byte[] expected = Arrays.copyOfRange(snapshot, payload, snapshot.length);
      byte[] actual = SnapshotHash.of(snapshot, payload);
      if (!Arrays.equals(expected, actual)) {
        throw new IOException("expected sha256 " + HexFormat.of().formatHex(expected) + ", got "
            + HexFormat.of().formatHex(actual));
      }
    }
    return payload;
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
