package io.cairn.tests.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands out loopback ports that are free now and not handed out before in this JVM. */
public final class Ports {
  private static final AtomicInteger NEXT = new AtomicInteger(
      20000 + (int) (ProcessHandle.current().pid() % 200) * 100);

  private Ports() {}

  public static int free() {
    for (int i = 0; i < 1000; i++) {
      int p = NEXT.getAndIncrement();
      if (p > 60000) {
        NEXT.set(20000);
        continue;
      }
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException busy) {
        // try the next one
      }
    }
    throw new IllegalStateException("no free port");
  }
}
