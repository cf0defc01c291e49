package io.cairn.server.embed;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sd_notify datagrams from this process, so systemd's default {@code NotifyAccess=main}
 * accepts them. The JDK's Unix domain sockets are stream-only, hence junixsocket
 * (docs/decisions.md, 2026-12-05: sd_notify).
 */
final class UnixDatagramNotifier implements SystemdNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(UnixDatagramNotifier.class);

  private final AFUNIXSocketAddress socket;

  private UnixDatagramNotifier(AFUNIXSocketAddress socket) {
    this.socket = socket;
  }

  /**
   * {@code $NOTIFY_SOCKET} as sd_notify(3) reads it: an absolute path, or {@code @name} for a socket
   * in Linux's abstract namespace. Anything else (systemd 253's {@code vsock:}) is reported and
   * ignored, as is a platform junixsocket's native part does not load on: the member runs on
   * without notifications.
   */
  static SystemdNotifier forSocket(String notifySocket) {
    try {
      return new UnixDatagramNotifier(address(notifySocket));
    } catch (SocketException | RuntimeException | LinkageError e) {
      LOG.warn("not notifying systemd: cannot use NOTIFY_SOCKET={}: {}", notifySocket, e.toString());
      return assignments -> { };
    }
  }

  static AFUNIXSocketAddress address(String notifySocket) throws SocketException {
    if (notifySocket.startsWith("@") && notifySocket.length() > 1) {
      return AFUNIXSocketAddress.inAbstractNamespace(notifySocket.substring(1));
    }
    if (notifySocket.startsWith("/")) {
      return AFUNIXSocketAddress.of(Path.of(notifySocket));
    }
    throw new IllegalArgumentException("neither an absolute path nor an @abstract name");
  }

  @Override
  public void send(String assignments) {
    ByteBuffer datagram = ByteBuffer.wrap(assignments.getBytes(StandardCharsets.UTF_8));
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.send(datagram, socket);
      LOG.info("notified systemd: {}", assignments.replace('\n', ' '));
    } catch (IOException | RuntimeException | LinkageError e) {
      // etcd logs a failed readiness notification and serves on; systemd then times the unit out
      LOG.error("failed to notify systemd ({}): {}", assignments.replace('\n', ' '), e.toString());
    }
  }
}
