package io.cairn.tests.support;

import java.nio.file.Path;
import java.util.List;

/**
 * The etcd flags of a single member on loopback. Passing the same flags to etcd and to Cairn gives
 * both the same member and cluster IDs.
 */
public record MemberFlags(String name, Path dataDir, int clientPort, int peerPort) {
  public String clientUrl() {
    return "http://127.0.0.1:" + clientPort;
  }

  public String peerUrl() {
    return "http://127.0.0.1:" + peerPort;
  }

  public List<String> asArgs() {
    return List.of(
        "--name=" + name,
        "--data-dir=" + dataDir,
        "--listen-client-urls=" + clientUrl(),
        "--advertise-client-urls=" + clientUrl(),
        "--listen-peer-urls=" + peerUrl(),
        "--initial-advertise-peer-urls=" + peerUrl(),
        "--initial-cluster=" + name + "=" + peerUrl());
  }

  public String[] asArgArray() {
    return asArgs().toArray(new String[0]);
  }
}
