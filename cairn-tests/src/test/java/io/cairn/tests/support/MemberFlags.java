package io.cairn.tests.support;

import java.nio.file.Path;
import java.util.List;

/**
 * The etcd flags of a single member on loopback. Passing the same flags to etcd and to Cairn gives
 * both the same member and cluster IDs.
 */
public record MemberFlags(String name, Path dataDir, int clientPort, int peerPort, List<String> extra) {
  public MemberFlags(String name, Path dataDir, int clientPort, int peerPort) {
    this(name, dataDir, clientPort, peerPort, List.of());
  }

  /** The same member with more flags. */
  public MemberFlags with(String... flags) {
    List<String> all = new java.util.ArrayList<>(extra);
    all.addAll(List.of(flags));
    return new MemberFlags(name, dataDir, clientPort, peerPort, List.copyOf(all));
  }

  public String clientUrl() {
    return "http://127.0.0.1:" + clientPort;
  }

  public String peerUrl() {
    return "http://127.0.0.1:" + peerPort;
  }

  public List<String> asArgs() {
    List<String> args = new java.util.ArrayList<>(List.of(
        "--name=" + name,
        "--data-dir=" + dataDir,
        "--listen-client-urls=" + clientUrl(),
        "--advertise-client-urls=" + clientUrl(),
        "--listen-peer-urls=" + peerUrl(),
        "--initial-advertise-peer-urls=" + peerUrl(),
        "--initial-cluster=" + name + "=" + peerUrl()));
    args.addAll(extra);
    return args;
  }

  public String[] asArgArray() {
    return asArgs().toArray(new String[0]);
  }
}
