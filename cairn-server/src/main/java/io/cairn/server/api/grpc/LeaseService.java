package io.cairn.server.api.grpc;

import io.cairn.server.core.EtcdServer;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesRequest;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseRevokeResponse;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** etcd's Lease service. Unknown leases in TimeToLive and KeepAlive answer TTL -1 / 0, as etcd. */
public final class LeaseService extends LeaseGrpc.LeaseImplBase {
  private final EtcdServer server;
  private final LeaderLossMonitor leaderLoss;

  public LeaseService(EtcdServer server, LeaderLossMonitor leaderLoss) {
    this.server = server;
    this.leaderLoss = leaderLoss;
  }

  @Override
  public void leaseGrant(LeaseGrantRequest r, StreamObserver<LeaseGrantResponse> out) {
    GrpcErrors.reply(server.leaseGrant(r), out);
  }

  @Override
  public void leaseRevoke(LeaseRevokeRequest r, StreamObserver<LeaseRevokeResponse> out) {
    GrpcErrors.reply(server.leaseRevoke(r), out);
  }

  @Override
  public void leaseTimeToLive(LeaseTimeToLiveRequest r, StreamObserver<LeaseTimeToLiveResponse> out) {
    GrpcErrors.reply(server.leaseTimeToLive(r), out);
  }

  @Override
  public void leaseLeases(LeaseLeasesRequest r, StreamObserver<LeaseLeasesResponse> out) {
    GrpcErrors.reply(server.leaseLeases(), out);
  }

  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
      StreamObserver<LeaseKeepAliveResponse> out) {
    KeepAliveStream stream = new KeepAliveStream(out);
    leaderLoss.registerIfRequired(stream);
    return stream;
  }

  /** One client's keep-alive stream; responses and the end are serialised on {@code out}. */
  private final class KeepAliveStream
      implements StreamObserver<LeaseKeepAliveRequest>, LeaderLossMonitor.LeaderBoundStream {
    private final StreamObserver<LeaseKeepAliveResponse> out;
    private boolean ended; // guarded by out

    KeepAliveStream(StreamObserver<LeaseKeepAliveResponse> out) {
      this.out = out;
    }

    /**
     * Renews on the leader. Answers may leave in another order than the requests came when the
     * leader changes in between; each carries its lease ID, as etcd's do.
     */
    @Override
    public void onNext(LeaseKeepAliveRequest req) {
      server.leaseRenew(req.getID()).whenComplete((ttl, err) -> {
        long answer;
        if (err == null) {
          answer = ttl;
        } else if (EtcdServer.unwrap(err) instanceof EtcdException e
            && e.error() == EtcdError.LEASE_NOT_FOUND) {
          answer = 0;
        } else {
          abort(GrpcErrors.toStatus(err).getStatus());
          return;
        }
        synchronized (out) {
          if (!ended) {
            out.onNext(LeaseKeepAliveResponse.newBuilder()
                .setHeader(server.header(server.store().currentRevision()))
                .setID(req.getID()).setTTL(answer).build());
          }
        }
      });
    }

    @Override
    public void abort(Status status) {
      end(() -> out.onError(status.asRuntimeException()));
    }

    @Override
    public void onError(Throwable t) {
      // the client went away
      leaderLoss.unregister(this);
    }

    @Override
    public void onCompleted() {
      end(out::onCompleted);
    }

    private void end(Runnable how) {
      leaderLoss.unregister(this);
      synchronized (out) {
        if (!ended) {
          ended = true;
          how.run();
        }
      }
    }
  }
}
