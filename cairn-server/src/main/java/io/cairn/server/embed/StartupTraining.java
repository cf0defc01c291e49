package io.cairn.server.embed;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.logging.Logging;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run of the build's class-data archive ({@code cairn.jsa}): starts a member on a
 * temporary data dir and loopback ports, sends it the requests a member serves from its first
 * seconds (puts, ranges, a txn, a watch, a lease, /health and /metrics), and stops it. The JVM
 * running it with {@code -XX:ArchiveClassesAtExit} writes every class it loaded into the archive,
 * which a member started with {@code -XX:SharedArchiveFile} maps instead of loading them one by one
 * (a member starts in half the time). Not a command of the server: the build runs it.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("cairn-training");
    try {
      int client = freePort();
      int peer = freePort();
      var config = config("training", dir.resolve("data"), client, peer,
          "training=" + url(peer));
      Logging.apply("error", "capnslog", List.of("default")); // a quiet build log
      CairnServer member = CairnServer.start(config);
      try {
        exercise(client);
      } finally {
        member.close();
      }
      failover(dir.resolve("cluster"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * A three-member cluster in this JVM: puts through followers (forwarding), then the leader stops
   * and a survivor takes over. A member runs a leader's code first when it is elected after a
   * failover; loaded from the archive instead of the jar, with its lambdas already spun, the new
   * leader is ready sooner (docs/cluster-timings.md).
   */
  private static void failover(Path dir) throws Exception {
    int[] clients = {freePort(), freePort(), freePort()};
    int[] peers = {freePort(), freePort(), freePort()};
    StringBuilder cluster = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      cluster.append(i == 0 ? "" : ",").append("t").append(i).append('=').append(url(peers[i]));
    }
    List<CairnServer> members = new java.util.ArrayList<>();
    List<Thread> starts = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        var config = config("t" + i, dir.resolve("t" + i), clients[i], peers[i],
            cluster.toString(), "--initial-cluster-token", "training-cluster", "--log-level", "error");
        // each start waits for the cluster's first leader, so the three start side by side
        Thread t = new Thread(() -> {
          CairnServer m = CairnServer.start(config);
          synchronized (members) {
            members.add(m);
          }
        });
        t.setDaemon(true);
        t.start();
        starts.add(t);
      }
      for (Thread t : starts) {
        t.join(TimeUnit.MINUTES.toMillis(1));
      }
      CairnServer leader = leaderOf(members);
      for (CairnServer m : members) {
        putThrough(m, 20);
      }
      leader.close();
      synchronized (members) {
        members.remove(leader);
      }
      leaderOf(members); // elected among the two left
      for (CairnServer m : members) {
        putThrough(m, 20);
      }
    } finally {
      synchronized (members) {
        members.forEach(CairnServer::close);
      }
    }
  }

  /** A member's flags on loopback ports; {@code extra} are further flags. */
  private static ServerConfig config(String name, Path dataDir, int clientPort, int peerPort,
      String initialCluster, String... extra) {
    String c = url(clientPort);
    String p = url(peerPort);
    List<String> args = new java.util.ArrayList<>(List.of("--name", name, "--data-dir",
        dataDir.toString(), "--listen-client-urls", c, "--advertise-client-urls", c,
        "--listen-peer-urls", p, "--initial-advertise-peer-urls", p, "--initial-cluster",
        initialCluster));
    args.addAll(List.of(extra));
    return ConfigParser.parse(args.toArray(String[]::new), Map.of());
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** The member that leads, waiting up to a minute for one. */
  private static CairnServer leaderOf(List<CairnServer> members) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      synchronized (members) {
        for (CairnServer m : members) {
          if (m.etcd().raftStatus().isLeader()) {
            return m;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the training cluster elected no leader within a minute");
  }

  private static void putThrough(CairnServer member, int puts) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", member.clientPort(0))
        .usePlaintext().build();
    try {
      var kv = KVGrpc.newBlockingStub(channel);
      for (int i = 0; i < puts; i++) {
        kv.withDeadlineAfter(10, TimeUnit.SECONDS)
            .put(PutRequest.newBuilder().setKey(bytes("f")).setValue(bytes("v" + i)).build());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void exercise(int port) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      var kv = KVGrpc.newBlockingStub(channel);
      CountDownLatch event = new CountDownLatch(1);
      var watch = WatchGrpc.newStub(channel).watch(new StreamObserver<WatchResponse>() {
        @Override
        public void onNext(WatchResponse r) {
          if (r.getEventsCount() > 0) {
            event.countDown();
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      });
      watch.onNext(WatchRequest.newBuilder().setCreateRequest(
          WatchCreateRequest.newBuilder().setKey(bytes("k"))).build());
      long lease = LeaseGrpc.newBlockingStub(channel)
          .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()).getID();
      for (int i = 0; i < 200; i++) {
        kv.put(PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes("v" + i))
            .setLease(i % 2 == 0 ? lease : 0).build());
        kv.range(RangeRequest.newBuilder().setKey(bytes("k")).build());
        kv.range(RangeRequest.newBuilder().setKey(bytes("k")).setSerializable(true).build());
      }
      kv.txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder().setKey(bytes("k"))
              .setTarget(Compare.CompareTarget.VERSION).setResult(Compare.CompareResult.GREATER))
          .addSuccess(RequestOp.newBuilder().setRequestRange(
              RangeRequest.newBuilder().setKey(bytes("k")))).build());
      event.await(5, TimeUnit.SECONDS);
      watch.onCompleted();
      httpGet(port, "/health");
      httpGet(port, "/metrics");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void httpGet(int port, String path) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      in.readAllBytes();
    }
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
