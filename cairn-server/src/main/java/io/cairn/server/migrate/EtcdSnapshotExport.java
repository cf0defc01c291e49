package io.cairn.server.migrate;

import com.google.protobuf.CodedOutputStream;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmType;
import io.cairn.bolt.BoltWriter;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.Bucket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a backend snapshot as etcd 3.x's backend, a bbolt file with etcd's buckets and layout (the
 * reverse of {@link EtcdSnapshotImport}): what {@code etcdctl snapshot save} gets from Cairn, so
 * that etcd's own {@code snapshot status} and {@code snapshot restore} take it and a cluster can
 * move back to etcd with nothing lost, and Cairn restores it too.
 *
 * <p>Written: bucket "alarm" (an AlarmMember per active alarm), "key" (every stored revision, the
 * key rewritten as etcd's main, '_', sub, and 't' for a deletion; the value is the same
 * mvccpb.KeyValue), "lease" (a leasepb.Lease with ID and TTL per lease), and "meta" (the applied
 * Raft index as consistent_index, and the compaction point as finishedCompactRev and
 * scheduledCompactRev). Left out, as etcd's restore drops or rebuilds them: the members and
 * Cairn's own bookkeeping (request deduplication, restore markers).
 */
public final class EtcdSnapshotExport {
  private static final byte[] CONSISTENT_INDEX = bytes("consistent_index");
  private static final byte[] FINISHED_COMPACT = bytes("finishedCompactRev");
  private static final byte[] SCHEDULED_COMPACT = bytes("scheduledCompactRev");
  private static final int CAIRN_REVISION_LENGTH = 16;

  private EtcdSnapshotExport() {}

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code snap} to {@code out}, an empty file; the file is complete and synced after. */
  public static void write(Backend.ReadSnapshot snap, FileChannel out) throws IOException {
    BoltWriter w = new BoltWriter(out);
    try {
      w.bucket(bytes("alarm"));
      List<byte[]> alarms = new ArrayList<>();
      snap.forEach(Bucket.ALARM, (k, v) -> {
        ByteBuffer b = ByteBuffer.wrap(k);
        alarms.add(AlarmMember.newBuilder().setMemberID(b.getLong())
            .setAlarm(AlarmType.forNumber(b.getInt())).build().toByteArray());
        return true;
      });
      alarms.sort(Arrays::compareUnsigned);
      for (byte[] a : alarms) {
        w.put(a, new byte[0]);
      }

      w.bucket(bytes("key"));
      snap.forEach(Bucket.KEY, (k, v) -> put(w, etcdRevision(k), v));

      w.bucket(bytes("lease"));
      snap.forEach(Bucket.LEASE, (k, v) -> put(w, k, lease(ByteBuffer.wrap(k).getLong(),
          ByteBuffer.wrap(v).getLong())));

      w.bucket(bytes("meta"));
      byte[][] meta = new byte[2][];
      snap.forEach(Bucket.META, (k, v) -> {
        if (Arrays.equals(k, CONSISTENT_INDEX)) {
          meta[0] = Arrays.copyOf(v, 8); // Cairn keeps the term after the index
        } else if (Arrays.equals(k, FINISHED_COMPACT)) {
          meta[1] = revision(ByteBuffer.wrap(v).getLong(), false);
        }
        return true;
      });
      if (meta[0] != null) {
        w.put(CONSISTENT_INDEX, meta[0]);
      }
      if (meta[1] != null) {
        w.put(FINISHED_COMPACT, meta[1]);
        w.put(SCHEDULED_COMPACT, meta[1]);
      }
      w.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean put(BoltWriter w, byte[] key, byte[] value) {
    try {
      w.put(key, value);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cairn's 16-byte revision (17 with the deletion mark) as etcd's 17 (18) bytes. */
  private static byte[] etcdRevision(byte[] cairn) {
    ByteBuffer b = ByteBuffer.wrap(cairn);
    return revision(b.getLong(0), b.getLong(8), cairn.length > CAIRN_REVISION_LENGTH);
  }

  private static byte[] revision(long main, boolean tombstone) {
    return revision(main, 0, tombstone);
  }

  private static byte[] revision(long main, long sub, boolean tombstone) {
    ByteBuffer b = ByteBuffer.allocate(tombstone ? 18 : 17);
    b.putLong(main).put((byte) '_').putLong(sub);
    if (tombstone) {
      b.put((byte) 't');
    }
    return b.array();
  }

  /** leasepb.Lease: ID = 1, TTL = 2 (RemainingTTL, 3, is only set for checkpointed leases). */
  private static byte[] lease(long id, long ttl) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt64(1, id);
      out.writeInt64(2, ttl);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
