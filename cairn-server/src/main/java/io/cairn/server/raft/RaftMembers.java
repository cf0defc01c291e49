package io.cairn.server.raft;

import java.util.Map;

/** The engine's configuration: voting members and learners, each with its Raft address. */
public record RaftMembers(Map<Long, String> voters, Map<Long, String> learners) {
  public RaftMembers {
    voters = Map.copyOf(voters);
    learners = Map.copyOf(learners);
  }
}
