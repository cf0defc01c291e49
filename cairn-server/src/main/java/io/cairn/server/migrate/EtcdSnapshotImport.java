package io.cairn.server.migrate;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmRequest;
import io.cairn.bolt.BoltFile;
import io.cairn.bolt.BoltFormatException;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.core.apply.Alarms;
import io.cairn.server.lease.Lessor;
import io.cairn.server.mvcc.KeyLeaseListener;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.mvcc.Revision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Loads the backend of etcd 3.x (a bbolt file: what {@code etcdctl snapshot save} writes, or a
 * member's {@code member/snap/db}) into an empty Cairn backend, keeping what etcd's own restore
 * keeps: every key revision with its create and mod revisions, versions and lease, the compaction
 * point, the leases and the alarms. The old cluster's members and Raft position are left behind, as
 * etcd's restore does. The auth state (users with their password hashes, roles, whether auth is
 * enabled, its revision) is kept in etcd's own encoding, which Cairn's auth store reads as it is.
 * A bucket this importer does not know is refused rather than dropped.
 *
 * <p>etcd's layout (mvcc/kvstore.go, mvcc/revision.go, lease/lessor.go, etcdserver/api/v3alarm):
 * bucket "key" maps a revision (8-byte big-endian main, '_', 8-byte sub, and 't' for a deletion)
 * to a mvccpb.KeyValue, the same message Cairn stores; bucket "meta" holds finishedCompactRev and
 * scheduledCompactRev (a revision, main first) beside Raft bookkeeping; bucket "lease" maps an
 * 8-byte ID to a leasepb.Lease (ID = 1, TTL = 2, RemainingTTL = 3); bucket "alarm" has an
 * etcdserverpb.AlarmMember per key.
 */
public final class EtcdSnapshotImport {
  private static final int ETCD_REVISION_LENGTH = 17;
  private static final int COMMIT_EVERY = 10_000;
  /** A bbolt leaf element's own bytes, beside its key and value. */
  private static final int ELEMENT_BYTES = 16;
  private static final Set<String> OLD_CLUSTER = Set.of("members", "members_removed", "cluster");
  private static final Set<String> AUTH_STATE = Set.of("authUsers", "authRoles");
  private static final Set<String> RAFT_META =
      Set.of("consistent_index", "term", "confState", "storageVersion");

  /** What was loaded. */
  public record Summary(long keyRevisions, long leases, long alarms, long compactRevision,
      long revision) {}

  private EtcdSnapshotImport() {}

  /** Whether {@code snapshot} (a whole snapshot file's bytes) starts as a bbolt database does. */
  public static boolean isBolt(byte[] snapshot, int length) {
    try {
      BoltFile.of(ByteBuffer.wrap(snapshot, 0, length));
      return true;
    } catch (BoltFormatException e) {
      return false;
    }
  }

  /**
   * Loads the database into {@code backend}, which must be empty, telling {@code loaded} the bytes
   * of each entry as it goes (for a progress line).
   */
  public static Summary load(ByteBuffer bolt, Backend backend, LongConsumer loaded)
      throws IOException {
    BoltFile db = BoltFile.of(bolt);
    Loader loader = new Loader(backend, loaded);
    try {
      db.visit(loader);
      loader.commit();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      loader.batch.close();
    }
    long compact = Math.max(loader.finishedCompact, loader.scheduledCompact);
    KvStore store = new KvStore(backend, KeyLeaseListener.NONE);
    if (compact > 0) {
      // a compaction etcd had scheduled but not finished, it finishes at start-up: so does this
      try (BatchTx batch = backend.newBatch()) {
        store.compact(compact, batch);
        batch.commit();
      }
    }
    return new Summary(loader.keyRevisions, loader.leases, loader.alarms, compact,
        store.currentRevision());
  }

  /** An IOException out of the visitor, which cannot throw one. */
  private static final class UncheckedIOException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedIOException(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private static final class Loader implements BoltFile.Visitor {
    private final Backend backend;
    private final Lessor lessor;
    private final Alarms alarmStore;
    private BatchTx batch;
    private String bucket = "";
    private int pending;
    long keyRevisions;
    long leases;
    long alarms;
    long finishedCompact;
    long scheduledCompact;

    private final LongConsumer loaded;

    Loader(Backend backend, LongConsumer loaded) {
      this.backend = backend;
      this.loaded = loaded;
      this.batch = backend.newBatch();
      // a lessor that only records grants: the server loads and times them at start-up
      this.lessor = new Lessor(backend, 0, System::nanoTime);
      this.alarmStore = new Alarms(backend);
    }

    @Override
    public void bucket(byte[] name) {
      bucket = new String(name, StandardCharsets.UTF_8);
      if (!OLD_CLUSTER.contains(bucket) && !AUTH_STATE.contains(bucket)
          && !Set.of("key", "meta", "lease", "alarm", "auth").contains(bucket)) {
        throw refuse("the etcd snapshot has a bucket \"" + bucket + "\" that Cairn does not know;"
            + " nothing was restored");
      }
    }

    @Override
    public void entry(byte[] key, byte[] value) {
      if (value == null) {
        throw refuse("the etcd snapshot has a nested bucket in \"" + bucket + "\"");
      }
      loaded.accept(ELEMENT_BYTES + key.length + value.length);
      switch (bucket) {
        case "key" -> keyRevision(key, value);
        case "meta" -> meta(key, value);
        case "lease" -> lease(value);
        case "alarm" -> alarm(key);
        case "auth" -> auth(key, value);
        case "authUsers" -> authRecord(Bucket.AUTH_USERS, key, value);
        case "authRoles" -> authRecord(Bucket.AUTH_ROLES, key, value);
        default -> { } // the old cluster's membership: a restored member starts a new cluster
      }
    }

    private void keyRevision(byte[] key, byte[] value) {
      boolean tombstone = key.length == ETCD_REVISION_LENGTH + 1 && key[ETCD_REVISION_LENGTH] == 't';
      if ((key.length != ETCD_REVISION_LENGTH && !tombstone) || key[8] != '_') {
        throw refuse("the etcd snapshot's key bucket has an entry that is not a revision: "
            + Arrays.toString(key));
      }
      ByteBuffer b = ByteBuffer.wrap(key);
      long main = b.getLong(0);
      long sub = b.getLong(9);
      put(Bucket.KEY, Revision.toKey(main, sub, tombstone), value);
      keyRevisions++;
    }

    private void meta(byte[] key, byte[] value) {
      String name = new String(key, StandardCharsets.UTF_8);
      switch (name) {
        case "finishedCompactRev" -> finishedCompact = mainRevision(name, value);
        case "scheduledCompactRev" -> scheduledCompact = mainRevision(name, value);
        default -> {
          if (!RAFT_META.contains(name)) {
            throw refuse("the etcd snapshot's meta bucket has a key \"" + name + "\" that Cairn"
                + " does not know; nothing was restored");
          }
        }
      }
    }

    private static long mainRevision(String name, byte[] value) {
      if (value.length < 8) {
        throw refuse("the etcd snapshot's " + name + " is " + value.length + " bytes long");
      }
      return ByteBuffer.wrap(value).getLong(0);
    }

    private void lease(byte[] value) {
      long id = 0;
      long ttl = 0;
      try {
        CodedInputStream in = CodedInputStream.newInstance(value);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(tag)) {
            case 1 -> id = in.readInt64();
            case 2 -> ttl = in.readInt64();
            default -> in.skipField(tag);
          }
        }
      } catch (IOException e) {
        throw refuse("the etcd snapshot has a lease that does not parse: " + e.getMessage());
      }
      lessor.grant(id, ttl, batch);
      leases++;
      counted();
    }

    private void alarm(byte[] key) {
      AlarmMember m;
      try {
        m = AlarmMember.parseFrom(key);
      } catch (InvalidProtocolBufferException e) {
        throw refuse("the etcd snapshot has an alarm that does not parse: " + e.getMessage());
      }
      alarmStore.apply(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
          .setMemberID(m.getMemberID()).setAlarm(m.getAlarm()).build(), batch);
      alarms++;
      counted();
    }

    private void auth(byte[] key, byte[] value) {
      String name = new String(key, StandardCharsets.UTF_8);
      if (!name.equals("authEnabled") && !name.equals("authRevision")) {
        throw refuse("the etcd snapshot's auth bucket has an unknown entry \"" + name + "\"");
      }
      put(Bucket.AUTH, key, value);
    }

    /** A user or role, checked to be one before it is kept. */
    private void authRecord(Bucket b, byte[] key, byte[] value) {
      try {
        if (b == Bucket.AUTH_USERS) {
          io.cairn.api.User.parseFrom(value);
        } else {
          io.cairn.api.Role.parseFrom(value);
        }
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw refuse("the etcd snapshot's " + b.id() + " bucket holds a damaged entry");
      }
      put(b, key, value);
    }

    private void put(Bucket b, byte[] key, byte[] value) {
      batch.put(b, key, value);
      counted();
    }

    private void counted() {
      if (++pending >= COMMIT_EVERY) {
        commit();
        batch.close();
        batch = backend.newBatch();
      }
    }

    void commit() {
      batch.commit();
      pending = 0;
    }

    private static UncheckedIOException refuse(String message) {
      return new UncheckedIOException(new BoltFormatException(message));
    }
  }
}
