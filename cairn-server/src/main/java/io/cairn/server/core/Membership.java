package io.cairn.server.core;

import io.cairn.server.config.ServerConfig;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberIds;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cluster's members and identity, as bootstrapped from the initial cluster flags. */
public final class Membership {
  private final long localId;
  private final long clusterId;
  private final List<Member> members;

  public Membership(long localId, long clusterId, List<Member> members) {
    this.localId = localId;
    this.clusterId = clusterId;
    this.members = List.copyOf(members);
  }

  /** etcd's bootstrap: member IDs from peer URLs and token, cluster ID from the member IDs. */
  public static Membership bootstrap(ServerConfig config) {
    Map<String, List<String>> cluster = config.initialClusterMap();
    if (!cluster.containsKey(config.name())) {
      throw new IllegalArgumentException("couldn't find local name \"" + config.name()
          + "\" in the initial cluster configuration");
    }
    List<Member> members = new ArrayList<>();
    long local = 0;
    for (Map.Entry<String, List<String>> e : cluster.entrySet()) {
      long id = MemberIds.memberId(e.getValue(), config.initialClusterToken(), null);
      boolean self = e.getKey().equals(config.name());
      List<String> clientUrls = self
          ? config.advertiseClientUrls().stream().map(URI::toString).toList()
          : List.of();
      members.add(new Member(id, e.getKey(), e.getValue(), clientUrls, false));
      if (self) {
        local = id;
      }
    }
    long clusterId = MemberIds.clusterId(members.stream().map(Member::id).toList());
    return new Membership(local, clusterId, members);
  }

  public long localId() {
    return localId;
  }

  public long clusterId() {
    return clusterId;
  }

  public List<Member> members() {
    return members;
  }
}
