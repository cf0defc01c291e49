package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Test hosts with addresses of their own, so that members can all listen on {@code [::]:2380} as
 * on separate machines: a hub network namespace holding a bridge (and the test's DNS server at
 * {@link #dnsAddress()}), and one namespace per host joined to it by a veth pair, with
 * 10.77.0.i/24 and fd77::i/64. Every namespace's resolv.conf names the hub's DNS server. Nothing
 * leaves the namespaces: there is no route out. {@link #close()} deletes them (and their links).
 */
public final class BridgedHosts implements AutoCloseable {
  private final String prefix;
  private final int hosts;
  private final List<String> created = new ArrayList<>();

  private BridgedHosts(String prefix, int hosts) {
    this.prefix = prefix;
    this.hosts = hosts;
  }

  public static BridgedHosts create(int hosts) throws IOException, InterruptedException {
    BridgedHosts net = new BridgedHosts("cairn-h" + UUID.randomUUID().toString().substring(0, 6), hosts);
    try {
      net.build();
      return net;
    } catch (IOException | InterruptedException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void build() throws IOException, InterruptedException {
    String hub = hub();
    addNamespace(hub);
    NetworkNamespace.run("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
    NetworkNamespace.run("ip", "-n", hub, "addr", "add", dnsAddress() + "/24", "dev", "br0");
    NetworkNamespace.run("ip", "-n", hub, "addr", "add", "fd77::fe/64", "dev", "br0", "nodad");
    NetworkNamespace.run("ip", "-n", hub, "link", "set", "br0", "up");
    for (int i = 1; i <= hosts; i++) {
      String ns = host(i);
      addNamespace(ns);
      NetworkNamespace.run("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", "p" + i,
          "netns", hub);
      NetworkNamespace.run("ip", "-n", hub, "link", "set", "p" + i, "master", "br0");
      NetworkNamespace.run("ip", "-n", hub, "link", "set", "p" + i, "up");
      NetworkNamespace.run("ip", "-n", ns, "addr", "add", ipv4(i) + "/24", "dev", "eth0");
      NetworkNamespace.run("ip", "-n", ns, "addr", "add", ipv6(i) + "/64", "dev", "eth0", "nodad");
      NetworkNamespace.run("ip", "-n", ns, "link", "set", "eth0", "up");
    }
  }

  private void addNamespace(String ns) throws IOException, InterruptedException {
    NetworkNamespace.run("ip", "netns", "add", ns);
    created.add(ns);
    NetworkNamespace.run("ip", "-n", ns, "link", "set", "lo", "up");
    Path etc = Path.of("/etc/netns", ns);
    Files.createDirectories(etc);
    Files.writeString(etc.resolve("resolv.conf"), "nameserver " + dnsAddress() + "\n");
  }

  public String dnsAddress() {
    return "10.77.0.254";
  }

  public static String ipv4(int host) {
    return "10.77.0." + host;
  }

  public static String ipv6(int host) {
    return "fd77::" + host;
  }

  /** The namespace of host i (1-based). */
  public String host(int i) {
    return prefix + "-" + i;
  }

  /** The namespace of the hub (the DNS server and the clients run there). */
  public String hub() {
    return prefix + "-hub";
  }

  /** The command prefix that runs a program in namespace {@code ns}. */
  public static List<String> in(String ns) {
    return List.of("ip", "netns", "exec", ns);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (String ns : created) {
      try {
        NetworkNamespace.run("ip", "netns", "delete", ns);
      } catch (IOException e) {
        // already gone
      }
      Path etc = Path.of("/etc/netns", ns);
      if (Files.exists(etc)) {
        try (Stream<Path> files = Files.walk(etc)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
    created.clear();
  }

}
