package io.cairn.server.api.grpc;

import io.cairn.server.core.EtcdServer;
import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** etcd's Watch service: one {@link WatchStream} per client stream, sharing a sender pool. */
public final class WatchService extends WatchGrpc.WatchImplBase implements AutoCloseable {
  private final EtcdServer server;
  private final ExecutorService senders;
  private final ScheduledExecutorService progress;
  private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();

  public WatchService(EtcdServer server) {
    this.server = server;
    this.senders = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "watch-send");
      t.setDaemon(true);
      return t;
    });
    this.progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "watch-progress");
      t.setDaemon(true);
      return t;
    });
    long interval = server.config().watchProgressNotifyIntervalMs();
    progress.scheduleWithFixedDelay(() -> streams.forEach(WatchStream::progressTick),
        interval, interval, TimeUnit.MILLISECONDS);
    long election = server.config().electionTimeoutMs();
    progress.scheduleWithFixedDelay(this::monitorLeader, election, election, TimeUnit.MILLISECONDS);
  }

  private int electionsWithoutLeader;

  /**
   * As etcd's monitorLeader: once no leader has been known for three election timeouts, streams
   * whose clients require a leader are cancelled with "etcdserver: no leader".
   */
  private void monitorLeader() {
    if (server.raftStatus().leaderId() != 0) {
      electionsWithoutLeader = 0;
      return;
    }
    if (++electionsWithoutLeader < 3) {
      return;
    }
    for (WatchStream s : streams) {
      if (s.requiresLeader()) {
        s.abort(io.cairn.server.errors.EtcdError.NO_LEADER.toStatus());
      }
    }
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
    WatchStream s = new WatchStream(server, (ServerCallStreamObserver<WatchResponse>) out, senders,
        streams::remove, Boolean.TRUE.equals(RequireLeaderInterceptor.REQUIRES_LEADER.get()));
    streams.add(s);
    return s;
  }

  @Override
  public void close() {
    progress.shutdownNow();
    senders.shutdownNow();
  }
}
