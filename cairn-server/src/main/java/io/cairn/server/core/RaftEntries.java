package io.cairn.server.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.api.internal.RaftEntry;
import java.util.List;

/**
 * The Raft log's entries ({@link RaftEntry}): one or more requests applied in order, each at its own
 * revision. Batching requests into one entry is the group commit that keeps throughput from hanging
 * on the engine's entry rate. Every member decodes every entry it applies or replays, so a damaged
 * one is refused here, in one documented way.
 */
public final class RaftEntries {
  private RaftEntries() {}

  public static byte[] encode(long session, long floor, List<InternalRaftRequest> requests) {
    return RaftEntry.newBuilder().setSession(session).setFloor(floor).addAllRequests(requests)
        .build().toByteArray();
  }

  /**
   * Decodes an entry whose every request is one this version applies.
   *
   * @throws IllegalStateException "corrupt log entry", "log entry without requests" or "log entry
   *     without a request" (one of a kind this version does not know)
   */
  public static RaftEntry decode(byte[] data) {
    RaftEntry entry;
    try {
      entry = RaftEntry.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt log entry", e);
    }
    if (entry.getRequestsCount() == 0) {
      throw new IllegalStateException("log entry without requests");
    }
    for (InternalRaftRequest r : entry.getRequestsList()) {
      if (r.getRequestCase() == InternalRaftRequest.RequestCase.REQUEST_NOT_SET) {
        throw new IllegalStateException("log entry without a request");
      }
    }
    return entry;
  }
}
