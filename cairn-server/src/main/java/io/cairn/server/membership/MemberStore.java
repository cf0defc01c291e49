package io.cairn.server.membership;

import io.cairn.api.internal.MemberRecord;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.fileutil.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The cluster's identity and members (etcd's RaftCluster), kept in the backend. Bootstrapped once
 * from the initial-cluster flags; afterwards changed only by applied log entries, so every member
 * agrees on it.
 */
public final class MemberStore {
  private static final byte[] CLUSTER_ID_KEY = "clusterID".getBytes(StandardCharsets.UTF_8);
  /** Written when this member applies its own removal: it must never serve again. */
  private static final byte[] REMOVED_KEY = "removedSelf".getBytes(StandardCharsets.UTF_8);

  private final Backend backend;
  /** This member's own ID lives outside the backend: snapshots from other members replace that. */
  private final Path identityFile;
  private final Map<Long, Member> members = new ConcurrentSkipListMap<>(Long::compareUnsigned);
  private volatile long clusterId;
  private volatile long localId;
  private volatile boolean removed;

  public MemberStore(Backend backend, Path identityFile) {
    this.backend = backend;
    this.identityFile = identityFile;
    try {
      if (Files.exists(identityFile)) {
        localId = Long.parseUnsignedLong(Files.readString(identityFile).trim(), 16);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + identityFile, e);
    }
    load();
  }

  /**
   * Re-reads the members after a snapshot from another member replaced the backend's contents,
   * keeping this member's own identity (the snapshot carries the sender's).
   */
  public void reload() {
    members.clear();
    load();
  }

  private void load() {
    removed = backend.get(Bucket.META, REMOVED_KEY) != null;
    byte[] c = backend.get(Bucket.META, CLUSTER_ID_KEY);
    if (c != null) {
      clusterId = ByteBuffer.wrap(c).getLong();
    }
    backend.forEach(Bucket.MEMBERS, null, null, (k, v) -> {
      Member m = fromRecord(parse(v));
      members.put(m.id(), m);
      return true;
    });
  }

  /** True until the member has been bootstrapped: a fresh data dir. */
  public boolean isEmpty() {
    return localId == 0;
  }

  /** Records the identity and initial members of a new cluster. */
  public void bootstrap(long clusterId, long localId, List<Member> initial) {
    try {
      DurableFiles.write(identityFile,
          String.format("%016x%n", localId).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + identityFile, e);
    }
    try (BatchTx batch = backend.newBatch()) {
      batch.put(Bucket.META, CLUSTER_ID_KEY, ByteBuffer.allocate(8).putLong(clusterId).array());
      for (Member m : initial) {
        batch.put(Bucket.MEMBERS, idKey(m.id()), toRecord(m).toByteArray());
      }
      batch.commit();
    }
    this.clusterId = clusterId;
    this.localId = localId;
    initial.forEach(m -> members.put(m.id(), m));
  }

  /**
   * Records members to reach, keeping this member's identity and cluster ID: for a data dir whose
   * member list was lost with an interrupted snapshot install. The next snapshot replaces them.
   */
  public void rememberPeers(long clusterId, List<Member> peers) {
    try (BatchTx batch = backend.newBatch()) {
      if (this.clusterId == 0 && clusterId != 0) {
        batch.put(Bucket.META, CLUSTER_ID_KEY, ByteBuffer.allocate(8).putLong(clusterId).array());
        this.clusterId = clusterId;
      }
      peers.forEach(m -> put(m, batch));
      batch.commit();
    }
  }

  /**
   * Deletes a cluster's identity and members from a backend that is not in use, so that a member
   * started on it bootstraps a new cluster from its flags (snapshot restore).
   */
  public static void forgetCluster(Backend backend, BatchTx batch) {
    List<byte[]> ids = new ArrayList<>();
    backend.forEach(Bucket.MEMBERS, null, null, (k, v) -> ids.add(k));
    ids.forEach(k -> batch.delete(Bucket.MEMBERS, k));
    batch.delete(Bucket.META, CLUSTER_ID_KEY);
  }

  public long clusterId() {
    return clusterId;
  }

  public long localId() {
    return localId;
  }

  public List<Member> members() {
    return new ArrayList<>(members.values());
  }

  public Optional<Member> member(long id) {
    return Optional.ofNullable(members.get(id));
  }

  public Member local() {
    return members.get(localId);
  }

  /** Applies a member's published name and client URLs. Unknown members are ignored, as in etcd. */
  public void setAttributes(long id, String name, List<String> clientUrls, BatchTx batch) {
    Member old = members.get(id);
    if (old == null) {
      return;
    }
    put(new Member(id, name, old.peerUrls(), clientUrls, old.isLearner()), batch);
  }

  /** Applies MemberAdd; adopts the cluster ID if this member joined without knowing it. */
  public void add(long clusterId, Member m, BatchTx batch) {
    if (this.clusterId == 0 && clusterId != 0) {
      this.clusterId = clusterId;
      batch.put(Bucket.META, CLUSTER_ID_KEY, ByteBuffer.allocate(8).putLong(clusterId).array());
    }
    if (m.id() == localId && removed) {
      // added back on the same peer URLs (same ID) after a removal: the removal was the previous
      // incarnation's, which a member added back with a fresh data dir replays first
      batch.delete(Bucket.META, REMOVED_KEY);
      removed = false;
    }
    Member old = members.get(m.id());
    // a joining member already knows itself from its flags: keep its published attributes
    put(old == null ? m : new Member(m.id(), old.name(), m.peerUrls(), old.clientUrls(),
        m.isLearner()), batch);
  }

  public void remove(long id, BatchTx batch) {
    if (members.remove(id) != null) {
      batch.delete(Bucket.MEMBERS, idKey(id));
    }
    if (id == localId && localId != 0) {
      batch.put(Bucket.META, REMOVED_KEY, new byte[] {1});
      removed = true;
    }
  }

  /**
   * True once this member has applied its own removal. Not the same as missing from the list: a
   * member added to a running cluster may restart before it has applied its own addition.
   */
  public boolean isRemoved() {
    return removed;
  }

  public void updatePeerUrls(long id, List<String> peerUrls, BatchTx batch) {
    Member old = members.get(id);
    if (old != null) {
      put(new Member(id, old.name(), peerUrls, old.clientUrls(), old.isLearner()), batch);
    }
  }

  public void promote(long id, BatchTx batch) {
    Member old = members.get(id);
    if (old != null) {
      put(new Member(id, old.name(), old.peerUrls(), old.clientUrls(), false), batch);
    }
  }

  /** True when this member is a learner (a non-voting member). */
  public boolean isLocalLearner() {
    Member m = members.get(localId);
    return m != null && m.isLearner();
  }

  private void put(Member m, BatchTx batch) {
    batch.put(Bucket.MEMBERS, idKey(m.id()), toRecord(m).toByteArray());
    members.put(m.id(), m);
  }

  private static byte[] idKey(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  private static MemberRecord toRecord(Member m) {
    return MemberRecord.newBuilder().setId(m.id()).setName(m.name()).addAllPeerUrls(m.peerUrls())
        .addAllClientUrls(m.clientUrls()).setIsLearner(m.isLearner()).build();
  }

  private static Member fromRecord(MemberRecord r) {
    return new Member(r.getId(), r.getName(), r.getPeerUrlsList(), r.getClientUrlsList(),
        r.getIsLearner());
  }

  private static MemberRecord parse(byte[] v) {
    try {
      return MemberRecord.parseFrom(v);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt member record", e);
    }
  }
}
