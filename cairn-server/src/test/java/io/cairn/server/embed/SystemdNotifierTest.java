package io.cairn.server.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The notifications arrive as systemd reads them: one datagram each, on either kind of socket. */
class SystemdNotifierTest {
  private static final int RECEIVE_TIMEOUT_MS = 5000;

  @Test
  void readyNamesThisProcessOnAPathSocket(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("notify");
    try (AFUNIXDatagramSocket systemd = listening(AFUNIXSocketAddress.of(path))) {
      SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString())).ready();

      assertThat(receive(systemd))
          .isEqualTo("READY=1\nMAINPID=" + ProcessHandle.current().pid());
    }
  }

  @Test
  void stoppingReachesAnAbstractSocketNamedWithAnAt() throws IOException {
    String name = "/cairn/test/notify/" + UUID.randomUUID();
    try (AFUNIXDatagramSocket systemd = listening(AFUNIXSocketAddress.inAbstractNamespace(name))) {
      SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name)).stopping();

      assertThat(receive(systemd)).isEqualTo("STOPPING=1");
    }
  }

  @Test
  void outsideSystemdNothingIsSentAndNothingFails(@TempDir Path dir) {
    SystemdNotifier none = SystemdNotifier.fromEnvironment(Map.of());
    none.ready();
    none.stopping();
    // a socket nobody listens on, and one of a kind sd_notify does not know: logged, not thrown
    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString())).ready();
    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234")).ready();
  }

  private static AFUNIXDatagramSocket listening(AFUNIXSocketAddress address) throws IOException {
    AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance();
    s.bind(address);
    s.setSoTimeout(RECEIVE_TIMEOUT_MS);
    return s;
  }

  private static String receive(AFUNIXDatagramSocket s) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    s.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }
}
