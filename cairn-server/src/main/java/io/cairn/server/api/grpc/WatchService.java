package io.cairn.server.api.grpc;

import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.core.EtcdServer;
import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** etcd's Watch service: one {@link WatchStream} per client stream, sharing a sender pool. */
public final class WatchService extends WatchGrpc.WatchImplBase implements AutoCloseable {
  private final EtcdServer server;
  private final ExecutorService senders;
  private final ScheduledExecutorService progress;
  private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
  private final LeaderLossMonitor leaderLoss;

  public WatchService(EtcdServer server, LeaderLossMonitor leaderLoss) {
    this.server = server;
    this.leaderLoss = leaderLoss;
    this.senders = DaemonThreads.pool("watch-send", 2);
    this.progress = DaemonThreads.scheduler("watch-progress");
    long interval = server.config().watchProgressNotifyIntervalMs();
    progress.scheduleWithFixedDelay(() -> streams.forEach(WatchStream::progressTick),
        interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
    WatchStream s = new WatchStream(server, (ServerCallStreamObserver<WatchResponse>) out, senders,
        closed -> {
          streams.remove(closed);
          leaderLoss.unregister(closed);
        });
    streams.add(s);
    leaderLoss.registerIfRequired(s);
    return s;
  }

  @Override
  public void close() {
    progress.shutdownNow();
    senders.shutdownNow();
  }
}
