package io.cairn.server.api.grpc;

import com.google.protobuf.ByteString;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.Bucket;
import io.cairn.server.backend.SnapshotHash;
import io.cairn.server.core.EtcdServer;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.migrate.EtcdSnapshotExport;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.raft.RaftStatus;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmResponse;
import io.cairn.api.DefragmentRequest;
import io.cairn.api.DefragmentResponse;
import io.cairn.api.HashKVRequest;
import io.cairn.api.HashKVResponse;
import io.cairn.api.HashRequest;
import io.cairn.api.HashResponse;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.MoveLeaderRequest;
import io.cairn.api.MoveLeaderResponse;
import io.cairn.api.SnapshotRequest;
import io.cairn.api.SnapshotResponse;
import io.cairn.api.StatusRequest;
import io.cairn.api.StatusResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** etcd's Maintenance service: status, alarms, hashes, defragmentation, snapshots, leadership. */
public final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);
  private static final int SNAPSHOT_CHUNK = 32 * 1024;

  private final EtcdServer server;

  public MaintenanceService(EtcdServer server) {
    this.server = server;
  }

  @Override
  public void alarm(AlarmRequest r, StreamObserver<AlarmResponse> out) {
    GrpcErrors.reply(server.alarm(r), out);
  }

  @Override
  public void status(StatusRequest r, StreamObserver<StatusResponse> out) {
    GrpcErrors.replyNow(() -> {
      RaftStatus rs = server.raftStatus();
      Backend b = server.backend();
      return StatusResponse.newBuilder()
          .setHeader(server.header(server.store().currentRevision()))
          .setVersion(EtcdServer.API_VERSION)
          .setDbSize(b.sizeBytes())
          .setDbSizeInUse(b.sizeInUseBytes())
          .setLeader(rs.leaderId())
          .setRaftIndex(rs.commitIndex())
          .setRaftTerm(rs.term())
          .setRaftAppliedIndex(rs.appliedIndex())
          .addAllErrors(server.alarms().describe())
          .setIsLearner(server.memberStore().isLocalLearner())
          .build();
    }, out);
  }

  /**
   * etcd's authMaintenanceServer returns the auth store's own error, not its gRPC form: clients see
   * UNKNOWN "auth: permission denied".
   */
  private void checkAdmin() {
    try {
      server.checkAdmin();
    } catch (EtcdException e) {
      String raw = switch (e.error()) {
        case USER_EMPTY -> "auth: user name is empty";
        case USER_NOT_FOUND -> "auth: user not found";
        case PERMISSION_DENIED -> "auth: permission denied";
        case INVALID_AUTH_TOKEN -> "auth: invalid auth token";
        default -> null;
      };
      if (raw == null) {
        throw e;
      }
      throw Status.UNKNOWN.withDescription(raw).asRuntimeException();
    }
  }

  @Override
  public void defragment(DefragmentRequest r, StreamObserver<DefragmentResponse> out) {
    GrpcErrors.replyNow(() -> {
      checkAdmin();
      server.backend().defragment();
      return DefragmentResponse.newBuilder()
          .setHeader(server.header(server.store().currentRevision())).build();
    }, out);
  }

  @Override
  public void hash(HashRequest r, StreamObserver<HashResponse> out) {
    GrpcErrors.replyNow(() -> {
      checkAdmin();
      CRC32 crc = new CRC32();
      long rev = server.store().currentRevision();
      try (Backend.ReadSnapshot snap = server.backend().snapshot()) {
        for (Bucket bucket : Bucket.values()) {
          crc.update(bucket.idBytes());
          snap.forEach(bucket, (k, v) -> {
            crc.update(k);
            crc.update(v);
            return true;
          });
        }
      }
      return HashResponse.newBuilder().setHeader(server.header(rev)).setHash((int) crc.getValue())
          .build();
    }, out);
  }

  @Override
  public void hashKV(HashKVRequest r, StreamObserver<HashKVResponse> out) {
    GrpcErrors.replyNow(() -> {
      checkAdmin();
      KvStore.Hash h = server.store().hashWithRevisions(r.getRevision());
      return HashKVResponse.newBuilder()
          .setHeader(server.header(h.currentRevision()))
          .setHash(h.hash())
          .setCompactRevision(h.compactRevision()) // -1 before the first, as etcd
          .build();
    }, out);
  }

  @Override
  public void moveLeader(MoveLeaderRequest r, StreamObserver<MoveLeaderResponse> out) {
    // etcd's authMaintenanceServer: root only once auth is enabled
    if (!GrpcErrors.permitted(this::checkAdmin, out)) {
      return;
    }
    RaftStatus rs = server.raftStatus();
    if (!rs.isLeader()) {
      out.onError(EtcdError.NOT_LEADER.toStatus().asRuntimeException());
      return;
    }
    boolean member = server.members().stream().anyMatch(m -> m.id() == r.getTargetID());
    if (!member) {
      out.onError(EtcdError.BAD_LEADER_TRANSFEREE.toStatus().asRuntimeException());
      return;
    }
    GrpcErrors.reply(server.raft()
        .transferLeadership(r.getTargetID(), server.config().electionTimeoutMs() * 5)
        .thenApply(v -> MoveLeaderResponse.newBuilder()
            .setHeader(server.header(server.store().currentRevision())).build()), out);
  }

  /**
   * Streams a consistent copy of the backend as etcd does: 32 KiB chunks with the bytes remaining,
   * the payload padded to a multiple of 512 bytes, then a final message holding its SHA-256.
   */
  @Override
  public void snapshot(SnapshotRequest r, StreamObserver<SnapshotResponse> out) {
    // etcd's authMaintenanceServer: root only once auth is enabled
    if (!GrpcErrors.permitted(this::checkAdmin, out)) {
      return;
    }
    ServerCallStreamObserver<SnapshotResponse> call = (ServerCallStreamObserver<SnapshotResponse>) out;
    Object ready = new Object();
    call.setOnReadyHandler(() -> {
      synchronized (ready) {
        ready.notifyAll();
      }
    });
    Thread t = new Thread(() -> streamSnapshot(call, ready), "snapshot-send");
    t.setDaemon(true);
    t.start();
  }

  private void streamSnapshot(ServerCallStreamObserver<SnapshotResponse> call, Object ready) {
    Path tmp = null;
    try {
      Path dir = server.config().dataDir().resolve("member").resolve("snap");
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "send-", ".tmp");
      MessageDigest sha = SnapshotHash.newDigest();
      long size;
      // etcd's own backend format, so that etcd's tools and etcd itself take the file
      try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE);
           Backend.ReadSnapshot snap = server.backend().snapshot()) {
        EtcdSnapshotExport.write(snap, file);
        size = file.size();
      }
      long sent = 0;
      try (InputStream in = Files.newInputStream(tmp)) {
        byte[] buf = new byte[SNAPSHOT_CHUNK];
        while (sent < size) {
          int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, size - sent));
          sent += n;
          sha.update(buf, 0, n);
          awaitReady(call, ready);
          if (call.isCancelled()) {
            return;
          }
          call.onNext(SnapshotResponse.newBuilder()
              .setRemainingBytes(size - sent).setBlob(ByteString.copyFrom(buf, 0, n)).build());
        }
      }
      awaitReady(call, ready);
      call.onNext(SnapshotResponse.newBuilder().setRemainingBytes(0)
          .setBlob(ByteString.copyFrom(sha.digest())).build());
      call.onCompleted();
    } catch (IOException | RuntimeException e) {
      LOG.warn("snapshot stream failed", e);
      call.onError(GrpcErrors.toStatus(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private static void awaitReady(ServerCallStreamObserver<?> call, Object ready)
      throws InterruptedException {
    synchronized (ready) {
      while (!call.isReady() && !call.isCancelled()) {
        ready.wait(100);
      }
    }
  }
}
