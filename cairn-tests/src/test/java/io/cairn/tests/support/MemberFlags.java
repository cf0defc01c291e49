package io.cairn.tests.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The etcd flags of one member on a loopback address. Passing the same flags to etcd and to Cairn
 * gives both the same member and cluster IDs.
 */
public record MemberFlags(String name, Path dataDir, String host, int clientPort, int peerPort,
    String initialCluster, List<String> extra) {

  /** A single-member cluster on 127.0.0.1. */
  public MemberFlags(String name, Path dataDir, int clientPort, int peerPort) {
    this(name, dataDir, "127.0.0.1", clientPort, peerPort,
        name + "=http://127.0.0.1:" + peerPort, List.of());
  }

  /** The same member with more flags. */
  public MemberFlags with(String... flags) {
    List<String> all = new ArrayList<>(extra);
    all.addAll(List.of(flags));
    return new MemberFlags(name, dataDir, host, clientPort, peerPort, initialCluster,
        List.copyOf(all));
  }

  /**
   * The same member serving clients over TLS with this certificate: https client URLs (etcd takes
   * the last of a repeated flag) plus the given flags, e.g. --client-cert-auth.
   */
  public MemberFlags withTlsClients(Path cert, Path key, String... more) {
    String url = "https://" + host + ":" + clientPort;
    List<String> flags = new ArrayList<>(List.of("--listen-client-urls=" + url,
        "--advertise-client-urls=" + url, "--cert-file=" + cert, "--key-file=" + key));
    flags.addAll(List.of(more));
    return with(flags.toArray(new String[0]));
  }

  /**
   * The same member with https peer URLs (its own and every member's in --initial-cluster; the
   * flags come last, and the last of a repeated flag wins) plus the given flags, e.g.
   * --peer-auto-tls.
   */
  public MemberFlags withTlsPeers(String... more) {
    String url = "https://" + host + ":" + peerPort;
    List<String> flags = new ArrayList<>(List.of("--listen-peer-urls=" + url,
        "--initial-advertise-peer-urls=" + url,
        "--initial-cluster=" + initialCluster.replace("=http://", "=https://")));
    flags.addAll(List.of(more));
    return with(flags.toArray(new String[0]));
  }

  public String clientUrl() {
    return "http://" + host + ":" + clientPort;
  }

  public String peerUrl() {
    return "http://" + host + ":" + peerPort;
  }

  public List<String> asArgs() {
    List<String> args = new ArrayList<>(List.of(
        "--name=" + name,
        "--data-dir=" + dataDir,
        "--listen-client-urls=" + clientUrl(),
        "--advertise-client-urls=" + clientUrl(),
        "--listen-peer-urls=" + peerUrl(),
        "--initial-advertise-peer-urls=" + peerUrl(),
        "--initial-cluster=" + initialCluster));
    args.addAll(extra);
    return args;
  }

  public String[] asArgArray() {
    return asArgs().toArray(new String[0]);
  }

  /** Flags for an n-member cluster, member i on 127.0.1.(i+1), names m1..mn. */
  public static List<MemberFlags> cluster(int n, Path dir, String... extra) {
    List<String> hosts = new ArrayList<>();
    List<int[]> ports = new ArrayList<>();
    StringBuilder initial = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String host = "127.0.1." + (i + 1);
      int client = Ports.free();
      int peer = Ports.free();
      hosts.add(host);
      ports.add(new int[] {client, peer});
      if (i > 0) {
        initial.append(',');
      }
      initial.append("m").append(i + 1).append("=http://").append(host).append(':').append(peer);
    }
    List<MemberFlags> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new MemberFlags("m" + (i + 1), dir.resolve("m" + (i + 1)), hosts.get(i),
          ports.get(i)[0], ports.get(i)[1], initial.toString(), List.of(extra)));
    }
    return out;
  }
}
