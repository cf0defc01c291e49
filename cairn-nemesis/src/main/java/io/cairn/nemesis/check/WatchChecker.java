package io.cairn.nemesis.check;

import io.cairn.nemesis.history.WatchEvent;
import io.cairn.nemesis.history.WatchLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watch guarantees against a reference: every event of the store in revision order, as a watch from
 * revision 1 with prev_kv reads it once the cluster has healed. The reference itself must have
 * revisions that never go backwards and, per key, a prev_kv equal to the key's previous event. Each
 * watcher (across its resumes) must have received exactly the reference's events under its prefix
 * from its start revision up to the last revision it received: each once, in order, none missing,
 * with the same values and prev_kv.
 */
public final class WatchChecker {
  private WatchChecker() {}

  public static List<Anomaly> check(List<WatchEvent> reference, List<WatchLog> watchers) {
    List<Anomaly> anomalies = new ArrayList<>();
    checkReference(reference, anomalies);
    for (WatchLog w : watchers) {
      checkWatcher(reference, w, anomalies);
    }
    return anomalies;
  }

  private static void checkReference(List<WatchEvent> reference, List<Anomaly> anomalies) {
    Map<String, WatchEvent> last = new HashMap<>();
    long rev = 0;
    for (WatchEvent e : reference) {
      if (e.modRevision() < rev) {
        anomalies.add(new Anomaly("watch-order", "the full history goes back from revision " + rev
            + " to " + e.modRevision(), List.of(e.toString())));
      }
      rev = e.modRevision();
      WatchEvent before = last.put(e.key(), e);
      String prevValue = before == null || before.isDelete() ? null : before.value();
      long prevRev = before == null || before.isDelete() ? 0 : before.modRevision();
      if (!Objects.equals(prevValue, e.prevValue()) || prevRev != e.prevModRevision()) {
        anomalies.add(new Anomaly("watch-prev-kv", "prev_kv of " + e.key() + " at revision "
            + e.modRevision() + " is " + e.prevValue() + "@" + e.prevModRevision()
            + " but the key's previous event left " + prevValue + "@" + prevRev,
            before == null ? List.of(e.toString()) : List.of(before.toString(), e.toString())));
      }
    }
  }

  private static void checkWatcher(List<WatchEvent> reference, WatchLog w,
      List<Anomaly> anomalies) {
    List<WatchEvent> got = w.events();
    if (got.isEmpty()) {
      return;
    }
    long upTo = got.get(got.size() - 1).modRevision();
    List<WatchEvent> expected = new ArrayList<>();
    for (WatchEvent e : reference) {
      if (e.key().startsWith(w.prefix()) && e.modRevision() >= w.startRevision()
          && e.modRevision() <= upTo) {
        expected.add(e);
      }
    }
    int n = Math.max(expected.size(), got.size());
    for (int i = 0; i < n; i++) {
      WatchEvent want = i < expected.size() ? expected.get(i) : null;
      WatchEvent have = i < got.size() ? got.get(i) : null;
      if (!Objects.equals(want, have)) {
        String what;
        if (want == null) {
          what = "an extra event";
        } else if (have == null) {
          what = "a missing event";
        } else if (have.modRevision() < want.modRevision()) {
          what = "an event again or out of order";
        } else if (have.modRevision() > want.modRevision()) {
          what = "a gap";
        } else {
          what = "a different event";
        }
        anomalies.add(new Anomaly("watch", "watcher " + w.watcher() + " (prefix " + w.prefix()
            + ", from revision " + w.startRevision() + ", " + w.resumes() + " resumes) got " + what
            + " at its event " + i, List.of("expected " + want, "received " + have)));
        return;
      }
    }
  }
}
