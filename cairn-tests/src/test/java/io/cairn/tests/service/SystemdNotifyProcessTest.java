package io.cairn.tests.service;

import static io.cairn.tests.service.DebianPackage.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.StatusRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.Ports;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The packaged member started as systemd starts a {@code Type=notify} unit: its launcher from the
 * unpacked package (seen at /usr/share/cairn through an overlay in a mount namespace of its own, so
 * the host stays untouched), configured by ETCD_* variables, with {@code NOTIFY_SOCKET} naming a
 * datagram socket that plays systemd. READY=1 comes from the JVM itself once its client port
 * serves; SIGTERM brings STOPPING=1 and an exit status the unit counts as clean.
 */
class SystemdNotifyProcessTest {
  private static final int NOTIFY_TIMEOUT_MS = 90_000;

  @Test
  void readyOnlyOnceClientsAreServedAndStoppingOnSigterm(@TempDir Path dir) throws Exception {
    Path root = DebianPackage.extract(dir.resolve("root"));
    String socketName = "cairn-test-notify-" + UUID.randomUUID();
    int clientPort = Ports.free();
    int peerPort = Ports.free();
    try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
      systemd.bind(AFUNIXSocketAddress.inAbstractNamespace(socketName));
      systemd.setSoTimeout(NOTIFY_TIMEOUT_MS);
      ProcessBuilder pb = new ProcessBuilder(tool("unshare", "util-linux"), "--mount",
          "--propagation", "private", "sh", "-c",
          "mount -t overlay overlay -o \"lowerdir=$1/usr/share:/usr/share\" /usr/share"
              + " && exec \"$1/usr/bin/cairn\"", "sh", root.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("member.log").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("ETCD") || k.equals("NOTIFY_SOCKET"));
      pb.environment().putAll(Map.of(
          "NOTIFY_SOCKET", "@" + socketName,
          "CAIRN_JAVA_OPTS", "-Xmx256m",
          "ETCD_NAME", "svc",
          "ETCD_DATA_DIR", dir.resolve("data").toString(),
          "ETCD_LISTEN_CLIENT_URLS", "http://127.0.0.1:" + clientPort,
          "ETCD_ADVERTISE_CLIENT_URLS", "http://127.0.0.1:" + clientPort,
          "ETCD_LISTEN_PEER_URLS", "http://127.0.0.1:" + peerPort,
          "ETCD_INITIAL_ADVERTISE_PEER_URLS", "http://127.0.0.1:" + peerPort,
          "ETCD_INITIAL_CLUSTER", "svc=http://127.0.0.1:" + peerPort));
      Process member = pb.start();
      try {
        String first = receive(systemd, member, dir);
        boolean servingAtReady = accepts(clientPort);
        assertThat(first).isEqualTo("READY=1\nMAINPID=" + member.pid());
        assertThat(servingAtReady).as("client port accepts when READY=1 arrives").isTrue();
        try (EtcdClients c = new EtcdClients("127.0.0.1", clientPort)) {
          assertThat(c.maintenance().status(StatusRequest.getDefaultInstance()).getLeader())
              .isNotZero();
        }

        member.destroy(); // SIGTERM, as systemctl stop sends it
        assertThat(receive(systemd, member, dir)).isEqualTo("STOPPING=1");
        assertThat(member.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(member.exitValue()).as("exit status (SuccessExitStatus=143)").isEqualTo(143);
        assertThat(Files.readString(dir.resolve("member.log"))).contains(
            "skipped leadership transfer: no other voting member", "closed raft and the backend");
      } finally {
        member.destroyForcibly();
        member.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String receive(AFUNIXDatagramSocket systemd, Process member, Path dir)
      throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    try {
      systemd.receive(p);
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("no notification within " + NOTIFY_TIMEOUT_MS + " ms (member "
          + (member.isAlive() ? "running" : "exited") + "); its log:\n"
          + Files.readString(dir.resolve("member.log")), e);
    }
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
