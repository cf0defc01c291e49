package io.cairn.server.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose Raft engine stopped itself (what Ratis's NOT_IN_CONF shutdown reports) starts
 * again in the same process, on the same data dir and ports, a bounded number of times.
 */
class MemberSupervisorTest {
  @TempDir
  Path dataDir;

  @Test
  void aMemberWhoseEngineStoppedItselfStartsAgainWithItsDataUntilTheBound() throws Exception {
    int client = freePort();
    int peer = freePort();
    String peerUrl = "http://127.0.0.1:" + peer;
    ServerConfig config = ConfigParser.parse(new String[] {"--name", "m1",
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", "http://127.0.0.1:" + client,
        "--advertise-client-urls", "http://127.0.0.1:" + client,
        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "m1=" + peerUrl}, Map.of());
    MemberSupervisor supervisor = new MemberSupervisor(config, 2, Duration.ofHours(1));
    CairnServer first = supervisor.start();
    CompletableFuture<String> end = CompletableFuture.supplyAsync(() -> {
      try {
        return supervisor.awaitEnd();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", client).usePlaintext()
        .build();
    try {
      KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(channel);
      kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))
          .setValue(ByteString.copyFromUtf8("before")).build());

      CairnServer second = restartedAfterEngineStop(supervisor, first);
      assertThat(kv.withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS)
          .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build())
          .getKvs(0).getValue().toStringUtf8()).isEqualTo("before");
      assertThat(end).isNotDone();

      restartedAfterEngineStop(supervisor, second).etcd().engineStopped();
      assertThat(end.get(30, TimeUnit.SECONDS))
          .contains("the Raft engine stopped itself")
          .endsWith("; gave up after 2 restarts within PT1H");
    } finally {
      channel.shutdownNow();
      supervisor.stop();
    }
  }

  private static CairnServer restartedAfterEngineStop(MemberSupervisor supervisor,
      CairnServer server) {
    server.etcd().engineStopped(); // as Ratis calls it after its election found NOT_IN_CONF
    await().atMost(Duration.ofSeconds(30)).until(
        () -> supervisor.current() != null && supervisor.current() != server);
    return supervisor.current();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
