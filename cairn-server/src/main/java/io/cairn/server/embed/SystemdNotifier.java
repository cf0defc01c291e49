package io.cairn.server.embed;

import java.util.Map;

/**
 * Tells the service manager about the member's life over systemd's notification protocol
 * (sd_notify(3)), as etcd does under a {@code Type=notify} unit: {@code READY=1} once the member
 * serves clients, {@code STOPPING=1} when it begins to stop. Outside systemd ({@code $NOTIFY_SOCKET}
 * unset) nothing is sent.
 */
public interface SystemdNotifier {
  /** The variable systemd sets to the datagram socket it listens on for a notify service. */
  String NOTIFY_SOCKET = "NOTIFY_SOCKET";

  /** Sends newline-separated {@code KEY=VALUE} assignments; a failure is logged, never thrown. */
  void send(String assignments);

  /** The member serves clients; MAINPID names this JVM, whatever launcher started it. */
  default void ready() {
    send("READY=1\nMAINPID=" + ProcessHandle.current().pid());
  }

  default void stopping() {
    send("STOPPING=1");
  }

  /** A notifier for the socket {@code env} names, or one that sends nothing. */
  static SystemdNotifier fromEnvironment(Map<String, String> env) {
    String socket = env.get(NOTIFY_SOCKET);
    if (socket == null || socket.isEmpty()) {
      return assignments -> { };
    }
    return UnixDatagramNotifier.forSocket(socket);
  }
}
