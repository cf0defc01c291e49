package io.cairn.server.membership;

import io.cairn.server.config.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster a new member bootstraps, computed from {@code --initial-cluster},
 * {@code --initial-cluster-token} and {@code --name} exactly as etcd computes it.
 */
public record InitialCluster(long clusterId, long localId, List<Member> members) {

  public static InitialCluster from(ServerConfig config) {
    Map<String, List<String>> cluster = config.initialClusterMap();
    if (!cluster.containsKey(config.name())) {
      throw new IllegalArgumentException("couldn't find local name \"" + config.name()
          + "\" in the initial cluster configuration");
    }
    List<String> advertised = config.initialAdvertisePeerUrls().stream().map(URI::toString).sorted()
        .toList();
    List<String> listed = cluster.get(config.name()).stream().sorted().toList();
    if (!advertised.equals(listed) && !sameAddresses(advertised, listed)) {
      throw new IllegalArgumentException("--initial-cluster has " + config.name() + "=" + listed
          + " but missing from --initial-advertise-peer-urls=" + advertised);
    }
    List<Member> members = new ArrayList<>();
    long local = 0;
    for (Map.Entry<String, List<String>> e : cluster.entrySet()) {
      long id = MemberIds.memberId(e.getValue(), config.initialClusterToken(), null);
      members.add(new Member(id, e.getKey(), e.getValue(), List.of(), false));
      if (e.getKey().equals(config.name())) {
        local = id;
      }
    }
    // a member joining a running cluster learns its ID from the cluster (0 until then)
    long clusterId = "existing".equals(config.initialClusterState()) ? 0
        : MemberIds.clusterId(members.stream().map(Member::id).toList());
    return new InitialCluster(clusterId, local, members);
  }

  /**
   * etcd's netutil.URLStringsEqual: URLs naming hosts (as DNS SRV discovery gives them) equal IP
   * URLs when the schemes match and the hosts resolve to the same addresses.
   */
  private static boolean sameAddresses(List<String> a, List<String> b) {
    return a.size() == b.size() && resolved(a).equals(resolved(b));
  }

  private static List<String> resolved(List<String> urls) {
    List<String> out = new ArrayList<>();
    for (String s : urls) {
      URI u = URI.create(s);
      try {
        out.add(u.getScheme() + "://" + new InetSocketAddress(InetAddress.getByName(u.getHost()),
            u.getPort()));
      } catch (UnknownHostException e) {
        out.add(s);
      }
    }
    return out.stream().sorted().toList();
  }
}
