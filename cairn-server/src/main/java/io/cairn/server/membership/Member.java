package io.cairn.server.membership;

import java.util.List;

/** A cluster member as etcd describes it. IDs are etcd's uint64, held in a long. */
public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls,
    boolean isLearner) {
  public Member {
    peerUrls = List.copyOf(peerUrls);
    clientUrls = List.copyOf(clientUrls);
  }

  public String idHex() {
    return String.format("%x", id);
  }
}
