package io.cairn.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packet capture on the loopback interface with tcpdump (needs root, as CI has), written to a
 * file, for tests that look at what went over the wire. A missing tcpdump fails the test: bin/test
 * installs it.
 */
public final class Tcpdump implements AutoCloseable {
  private final Process process;
  private final Path file;
  private final Path log;

  private Tcpdump(Process process, Path file, Path log) {
    this.process = process;
    this.file = file;
    this.log = log;
  }

  /** Starts capturing whole packets of these TCP ports into {@code file}; returns once it listens. */
  public static Tcpdump start(Path file, List<Integer> ports) throws IOException, InterruptedException {
    // -Z root: Debian's tcpdump otherwise drops to user tcpdump before it opens the file;
    // --immediate-mode: libpcap's TPACKET_V3 ring hands packets over in blocks, after up to a
    // second, and a capture stopped sooner lost them (a CI rehearsal's control capture was empty)
    List<String> cmd = new ArrayList<>(List.of(program().toString(), "-i", "lo", "-Z", "root", "-U",
        "--immediate-mode", "-n", "-s", "0", "-w", file.toString()));
    for (int i = 0; i < ports.size(); i++) {
      if (i > 0) {
        cmd.add("or");
      }
      cmd.addAll(List.of("tcp", "port", Integer.toString(ports.get(i))));
    }
    Path log = file.resolveSibling(file.getFileName() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Tcpdump t = new Tcpdump(p, file, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.readString(log).contains("listening on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        t.close();
        throw new IOException("tcpdump did not start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return t;
  }

  /** Stops the capture (SIGTERM: tcpdump flushes its file) and returns the captured bytes. */
  public byte[] stop() throws IOException, InterruptedException {
    close();
    return Files.readAllBytes(file);
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Whether the capture file holds these bytes anywhere (a payload in any packet). */
  public static boolean contains(byte[] capture, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + needle.length <= capture.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (capture[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static Path program() {
    for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir, "tcpdump");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException("tcpdump not found on PATH or in /usr/sbin: the peer TLS test needs it "
        + "(apt-get install -y tcpdump, which bin/test does)");
  }

  @Override
  public String toString() {
    return "tcpdump to " + file + " (log " + log + ")";
  }
}
