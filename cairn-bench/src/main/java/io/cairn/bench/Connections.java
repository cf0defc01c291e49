package io.cairn.bench;

import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.StatusRequest;
import io.cairn.api.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The gRPC channels ("connections" in etcd's benchmark) that clients share round-robin. */
final class Connections implements AutoCloseable {
  final List<ManagedChannel> channels = new ArrayList<>();
  final String target;

  private Connections(List<String> endpoints, int conns) {
    for (int i = 0; i < conns; i++) {
      channels.add(open(endpoints.get(i % endpoints.size())));
    }
    target = String.join(",", endpoints);
  }

  static Connections open(List<String> endpoints, int conns, boolean targetLeader) {
    List<String> eps = new ArrayList<>();
    for (String e : endpoints) {
      eps.add(strip(e));
    }
    if (targetLeader) {
      eps = List.of(findLeader(eps));
    }
    return new Connections(eps, Math.max(1, conns));
  }

  ManagedChannel channel(int client) {
    return channels.get(client % channels.size());
  }

  static String strip(String endpoint) {
    String e = endpoint.trim();
    int i = e.indexOf("://");
    if (i >= 0) {
      e = e.substring(i + 3);
    }
    if (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    return e;
  }

  static ManagedChannel open(String hostPort) {
    // Callbacks run on the Netty event loop: clients are callback chains, not threads.
    return NettyChannelBuilder.forTarget(hostPort)
        .usePlaintext()
        .directExecutor()
        .maxInboundMessageSize(64 << 20)
        .build();
  }

  /** The endpoint whose Maintenance.Status says it is the leader. */
  static String findLeader(List<String> endpoints) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      for (String ep : endpoints) {
        ManagedChannel ch = open(ep);
        try {
          StatusResponse s = MaintenanceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(3, TimeUnit.SECONDS)
              .status(StatusRequest.getDefaultInstance());
          if (s.getLeader() != 0 && s.getLeader() == s.getHeader().getMemberId()) {
            return ep;
          }
        } catch (RuntimeException e) {
          last = e;
        } finally {
          ch.shutdownNow();
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("no leader found among " + endpoints, last);
  }

  @Override
  public void close() {
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
    for (ManagedChannel c : channels) {
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
