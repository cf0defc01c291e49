package io.cairn.tests.diff.random;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseStatus;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.ResponseHeader;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes from a response only what differs by chance between two servers: cluster and member IDs
 * and the Raft term in headers, server-chosen lease IDs (written as the n-th lease granted), the
 * order of sets (a lease's keys, the list of leases), and remaining TTLs (judged by {@link
 * LeaseClock} against each run's own time instead). Everything else, revisions included, must be
 * equal.
 */
final class ResponseNormalizer {
  private ResponseNormalizer() {}

  static Outcome normalize(Message response, LeaseIds leases) {
    Message m = withoutIds(leases.symbolic(response));
    if (m instanceof LeaseTimeToLiveResponse r) {
      List<ByteString> keys = new ArrayList<>(r.getKeysList());
      keys.sort(ByteString.unsignedLexicographicalComparator());
      LeaseTimeToLiveResponse.Builder b = r.toBuilder().clearKeys().addAllKeys(keys);
      if (r.getTTL() > 0) {
        b.clearTTL();
      }
      m = b.build();
    } else if (m instanceof LeaseLeasesResponse r) {
      List<LeaseStatus> all = new ArrayList<>(r.getLeasesList());
      all.sort(Comparator.comparingLong(LeaseStatus::getID));
      m = r.toBuilder().clearLeases().addAllLeases(all).build();
    }
    return new Outcome(Messages.text(m));
  }

  static Outcome error(Status status) {
    return Outcome.of("error " + status.getCode() + ": " + status.getDescription());
  }

  /** The message with every header's cluster ID, member ID and Raft term cleared, at any depth. */
  static <M extends Message> M withoutIds(M m) {
    return Messages.map(m, msg -> msg instanceof ResponseHeader h
        ? h.toBuilder().clearClusterId().clearMemberId().clearRaftTerm().build() : msg);
  }
}
