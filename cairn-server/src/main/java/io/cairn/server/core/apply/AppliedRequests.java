package io.cairn.server.core.apply;

import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.api.internal.RaftEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The applier's guard against applying one request twice. The server never proposes a request again
 * once the engine may have appended it, but the engine itself may carry an entry twice (a forwarded
 * entry retried at a new leader that already holds the first copy). So every member remembers, per
 * proposing session, which request IDs at or above the session's floor it has applied, and skips a
 * request it has seen or one below the floor (its proposer has already answered it).
 *
 * <p>The state is derived from the log alone, so every member decides alike, and it is written in
 * the same batch as the entry's effects (the meta bucket: one record per session with its floor,
 * one key per remembered request, so a batch writes only what changed), so it survives restarts and
 * travels in snapshots. It holds about the requests in flight per session; the least recently
 * active sessions beyond {@link #MAX_SESSIONS} are forgotten. Apply thread only.
 */
final class AppliedRequests {
  /** Sessions remembered; a session is one proposing process, so this covers many restarts. */
  static final int MAX_SESSIONS = 64;
  private static final byte[] PREFIX = "applied_requests/".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PREFIX_END = next(PREFIX);
  /** A session's record: floor and last index. */
  private static final byte SESSION_KEY = 's';
  /** A remembered request: the session, then the request ID; no value. */
  private static final byte REQUEST_KEY = 'r';
  private static final byte[] NO_VALUE = new byte[0];

  private final Backend backend;
  private final Map<Long, Session> sessions = new HashMap<>();

  /** One proposer's state: its floor, the log index it was last seen at, IDs applied at or above. */
  private static final class Session {
    /** Request IDs may be negative (a member ID's high bit): nothing is below the first floor. */
    long floor = Long.MIN_VALUE;
    long lastIndex;
    final TreeSet<Long> applied = new TreeSet<>();
  }

  AppliedRequests(Backend backend) {
    this.backend = backend;
    reload();
  }

  /** Re-reads the state from the backend (start, snapshot installed). */
  void reload() {
    sessions.clear();
    backend.forEach(Bucket.META, PREFIX, PREFIX_END, (k, v) -> {
      ByteBuffer key = ByteBuffer.wrap(k, PREFIX.length, k.length - PREFIX.length);
      byte kind = key.get();
      Session s = sessions.computeIfAbsent(key.getLong(), id -> new Session());
      if (kind == SESSION_KEY) {
        ByteBuffer b = ByteBuffer.wrap(v);
        s.floor = b.getLong();
        s.lastIndex = b.getLong();
      } else {
        s.applied.add(key.getLong());
      }
      return true;
    });
  }

  /**
   * Decides which of the entry's requests to apply (false: already applied, or already answered)
   * and records the decision in {@code batch}.
   */
  boolean[] admit(RaftEntry entry, long index, BatchTx batch) {
    List<InternalRaftRequest> requests = entry.getRequestsList();
    boolean[] admitted = new boolean[requests.size()];
    if (entry.getSession() == 0) {
      Arrays.fill(admitted, true);
      return admitted;
    }
    long session = entry.getSession();
    Session s = sessions.computeIfAbsent(session, k -> new Session());
    // a retried copy carries its first floor: the floor never moves back
    s.floor = Math.max(s.floor, entry.getFloor());
    for (Iterator<Long> below = s.applied.headSet(s.floor).iterator(); below.hasNext(); ) {
      batch.delete(Bucket.META, requestKey(session, below.next()));
      below.remove();
    }
    s.lastIndex = index;
    for (int i = 0; i < requests.size(); i++) {
      long id = requests.get(i).getId();
      admitted[i] = id >= s.floor && s.applied.add(id);
      if (admitted[i]) {
        batch.put(Bucket.META, requestKey(session, id), NO_VALUE);
      }
    }
    batch.put(Bucket.META, sessionKey(session),
        ByteBuffer.allocate(16).putLong(s.floor).putLong(s.lastIndex).array());
    evictBeyondLimit(batch);
    return admitted;
  }

  private void evictBeyondLimit(BatchTx batch) {
    while (sessions.size() > MAX_SESSIONS) {
      long oldest = 0;
      long oldestIndex = Long.MAX_VALUE;
      for (Map.Entry<Long, Session> e : sessions.entrySet()) {
        if (e.getValue().lastIndex < oldestIndex) {
          oldestIndex = e.getValue().lastIndex;
          oldest = e.getKey();
        }
      }
      sessions.remove(oldest);
      batch.delete(Bucket.META, sessionKey(oldest));
      byte[] requests = sessionPrefix(REQUEST_KEY, oldest);
      batch.deleteRange(Bucket.META, requests, next(requests));
    }
  }

  /** Drops all sessions from a backend that starts a new cluster (offline restore). */
  static void forgetAll(BatchTx batch) {
    batch.deleteRange(Bucket.META, PREFIX, PREFIX_END);
  }

  private static byte[] sessionPrefix(byte kind, long session) {
    return ByteBuffer.allocate(PREFIX.length + 9).put(PREFIX).put(kind).putLong(session).array();
  }

  private static byte[] sessionKey(long session) {
    return sessionPrefix(SESSION_KEY, session);
  }

  private static byte[] requestKey(long session, long id) {
    return ByteBuffer.allocate(PREFIX.length + 17).put(PREFIX).put(REQUEST_KEY).putLong(session)
        .putLong(id).array();
  }

  /** The first key after every key that starts with {@code prefix}. */
  private static byte[] next(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (++end[i] != 0) {
        return end;
      }
    }
    throw new IllegalArgumentException("no key follows an all-0xff prefix");
  }
}
