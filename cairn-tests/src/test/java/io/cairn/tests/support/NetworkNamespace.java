package io.cairn.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A network namespace of the test's own (needs root): only a loopback, and its own resolv.conf
 * naming 127.0.0.1 as the name server, so that programs run under {@link #launcher()} resolve
 * names with a DNS server the test runs there. {@link #close()} removes both.
 */
public final class NetworkNamespace implements AutoCloseable {
  private final String name;
  private final Path etcDir;

  private NetworkNamespace(String name) {
    this.name = name;
    this.etcDir = Path.of("/etc/netns", name);
  }

  /** Creates {@code cairn-dns-<random>}; on failure, whatever was made is removed again. */
  public static NetworkNamespace create() throws IOException, InterruptedException {
    NetworkNamespace ns = new NetworkNamespace("cairn-dns-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      run("ip", "netns", "add", ns.name);
      run("ip", "netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
      Files.createDirectories(ns.etcDir);
      Files.writeString(ns.etcDir.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
      return ns;
    } catch (IOException | InterruptedException | RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  /** The command prefix that runs a program inside the namespace. */
  public List<String> launcher() {
    return List.of("ip", "netns", "exec", name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("ip", "netns", "delete", name);
    } catch (IOException notThere) {
      // creation failed before the namespace existed
    } finally {
      if (Files.exists(etcDir)) {
        try (Stream<Path> files = Files.walk(etcDir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /** Runs a command to completion (bounded), failing with its output if it fails. */
  static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
    }
  }
}
