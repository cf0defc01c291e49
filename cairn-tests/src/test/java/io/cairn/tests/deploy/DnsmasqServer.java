package io.cairn.tests.deploy;

import io.cairn.tests.support.BridgedHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's dnsmasq as the operator's DNS server, in the hub namespace: answers SRV, A and AAAA
 * records given on its command line, and NXDOMAIN for any other name under the zone
 * ({@code --local}); no upstream, so nothing leaves the namespace.
 */
final class DnsmasqServer implements AutoCloseable {
  private final Process process;

  private DnsmasqServer(Process process) {
    this.process = process;
  }

  /** Starts dnsmasq with {@code records} (dnsmasq options such as --srv-host=..., --host-record=...). */
  static DnsmasqServer start(BridgedHosts net, String zone, List<String> records, Path log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(BridgedHosts.in(net.hub()));
    cmd.addAll(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts", "--no-poll",
        "--listen-address=" + net.dnsAddress(), "--bind-interfaces", "--port=53", "--user=root",
        "--pid-file=", "--log-queries", "--log-facility=-", "--local=/" + zone + "/"));
    cmd.addAll(records);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    DnsmasqServer server = new DnsmasqServer(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.readString(log).contains("using only locally-known addresses")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IOException("dnsmasq did not start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return server;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
