package io.cairn.server.watch;

import com.google.protobuf.ByteString;
import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.mvcc.KvStore;
import io.cairn.api.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes committed changes to watchers (etcd's watchableStore). A watcher is either <em>synced</em>,
 * fed live by {@link #notify} on the apply thread, or <em>unsynced</em>, fed from MVCC history by the
 * sync thread until it has caught up. New watchers with a past start revision begin unsynced; a
 * synced watcher whose stream is full becomes unsynced rather than block the apply path, and replays
 * what it missed once the stream drains. Either way each event is delivered once, in order.
 */
public final class WatchHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  private static final int SYNC_BATCH_EVENTS = 1000;

  private final KvStore store;
  private final Object lock = new Object();
  /** Highest revision handed to synced watchers. Guarded by lock. */
  private long notifiedRevision;
  private final Map<ByteString, Set<Watcher>> syncedByKey = new HashMap<>();
  private final Set<Watcher> syncedRanges = new LinkedHashSet<>();
  private final Set<Watcher> unsynced = new LinkedHashSet<>();
  private final ScheduledExecutorService syncer;

  public WatchHub(KvStore store) {
    this.store = store;
    this.notifiedRevision = store.currentRevision();
    this.syncer = DaemonThreads.scheduler("watch-sync");
    syncer.scheduleWithFixedDelay(this::syncSafely, 50, 50, TimeUnit.MILLISECONDS);
  }

  /** Starts delivering to a watcher from {@code startRevision} (0: from the next change). */
  public void watch(Watcher w, long startRevision) {
    synchronized (lock) {
      if (startRevision == 0 || startRevision > notifiedRevision) {
        w.nextRevision = startRevision == 0 ? notifiedRevision + 1 : startRevision;
        addSynced(w);
        return;
      }
      w.nextRevision = startRevision;
      unsynced.add(w);
    }
    wakeup();
  }

  public void cancel(Watcher w) {
    w.canceled = true;
    synchronized (lock) {
      removeSynced(w);
      unsynced.remove(w);
    }
  }

  /** True when the watcher has been sent everything up to the newest revision. */
  public boolean isSynced(Watcher w) {
    synchronized (lock) {
      return !unsynced.contains(w);
    }
  }

  public long notifiedRevision() {
    synchronized (lock) {
      return notifiedRevision;
    }
  }

  /**
   * The store was replaced by a snapshot: every watcher catches up from history, from the next
   * revision it has yet to see, up to the store's new revision.
   */
  public void storeReplaced() {
    synchronized (lock) {
      List<Watcher> synced = new ArrayList<>(syncedRanges);
      syncedByKey.values().forEach(synced::addAll);
      for (Watcher w : synced) {
        // a synced watcher has seen everything up to the old revision
        w.nextRevision = Math.max(w.nextRevision, notifiedRevision + 1);
        unsynced.add(w);
      }
      syncedByKey.clear();
      syncedRanges.clear();
      notifiedRevision = store.currentRevision();
    }
    wakeup();
  }

  /** Asks the sync thread to run soon, e.g. because a stream drained. */
  public void wakeup() {
    if (!syncer.isShutdown()) {
      syncer.execute(this::syncSafely);
    }
  }

  /** Delivers the changes of one committed revision. Apply thread; never blocks on a client. */
  public void notify(long revision, List<Event> events) {
    synchronized (lock) {
      notifiedRevision = revision;
      Map<Watcher, List<Event>> matched = new LinkedHashMap<>();
      for (Event e : events) {
        Set<Watcher> byKey = syncedByKey.get(e.getKv().getKey());
        if (byKey != null) {
          for (Watcher w : byKey) {
            if (w.accepts(e)) {
              matched.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
            }
          }
        }
        for (Watcher w : syncedRanges) {
          if (w.accepts(e)) {
            matched.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
          }
        }
      }
      for (Map.Entry<Watcher, List<Event>> m : matched.entrySet()) {
        Watcher w = m.getKey();
        if (revision < w.nextRevision) {
          continue; // started in the future
        }
        if (w.sink().hasCapacity()) {
          w.sink().send(w, revision, m.getValue());
          w.nextRevision = revision + 1;
        } else {
          // the client is slow: stop feeding it live, replay from history once it drains
          removeSynced(w);
          w.nextRevision = revision;
          unsynced.add(w);
        }
      }
    }
  }

  private void addSynced(Watcher w) {
    if (w.isSingleKey()) {
      syncedByKey.computeIfAbsent(w.key(), k -> new LinkedHashSet<>()).add(w);
    } else {
      syncedRanges.add(w);
    }
  }

  private void removeSynced(Watcher w) {
    if (w.isSingleKey()) {
      Set<Watcher> s = syncedByKey.get(w.key());
      if (s != null && s.remove(w) && s.isEmpty()) {
        syncedByKey.remove(w.key());
      }
    } else {
      syncedRanges.remove(w);
    }
  }

  private void syncSafely() {
    try {
      syncUnsynced();
    } catch (RuntimeException e) {
      LOG.error("watch sync failed", e);
    }
  }

  /** An unsynced watcher taken for one sync round, with the revision it needs next. */
  private record Behind(Watcher watcher, long next) {}

  /**
   * Feeds unsynced watchers from history, as etcd's syncWatchers does: one read from the lowest
   * revision any of them needs serves them all. (Reading per watcher made 10,000 watchers that fell
   * behind read the same events 10,000 times; delivery collapsed to ~40k events/s.)
   */
  private void syncUnsynced() {
    List<Behind> behind = new ArrayList<>();
    List<Watcher> caughtUp = new ArrayList<>();
    try {
      syncUnsynced(behind, caughtUp);
    } finally {
      // told outside the lock, after the events sent for them
      caughtUp.forEach(w -> w.sink().synced(w));
    }
  }

  private void syncUnsynced(List<Behind> behind, List<Watcher> caughtUp) {
    long target;
    synchronized (lock) {
      target = notifiedRevision;
      for (Iterator<Watcher> it = unsynced.iterator(); it.hasNext(); ) {
        Watcher w = it.next();
        if (w.canceled || !w.sink().hasCapacity()) {
          continue;
        }
        if (w.nextRevision > target) {
          it.remove();
          addSynced(w);
          caughtUp.add(w);
        } else {
          behind.add(new Behind(w, w.nextRevision));
        }
      }
    }
    long compacted = store.compactRevision();
    long from = Long.MAX_VALUE;
    for (Behind b : behind) {
      if (b.next() < compacted) {
        cancel(b.watcher());
        b.watcher().sink().compacted(b.watcher(), compacted);
      } else {
        from = Math.min(from, b.next());
      }
    }
    if (from == Long.MAX_VALUE) {
      return;
    }
    List<KvStore.HistoryEvent> history;
    try {
      history = store.history(from, target, SYNC_BATCH_EVENTS);
    } catch (EtcdException compactedMeanwhile) {
      return; // the next round cancels the watchers it left behind
    }
    long upTo = history.size() < SYNC_BATCH_EVENTS
        ? target
        : history.get(history.size() - 1).revision().main();
    History read = new History(history);
    for (Behind b : behind) {
      Watcher w = b.watcher();
      // the compacted ones were canceled above
      if (w.canceled || b.next() > upTo || !w.sink().hasCapacity()) {
        continue; // a stream filled by this round's earlier watchers waits for the next round
      }
      List<Event> events = read.eventsFor(w, b.next());
      if (!events.isEmpty()) {
        w.sink().send(w, upTo, events);
      }
      synchronized (lock) {
        if (!w.canceled) {
          w.nextRevision = upTo + 1;
          if (w.nextRevision > notifiedRevision) {
            unsynced.remove(w);
            addSynced(w);
            caughtUp.add(w);
          }
        }
      }
    }
  }

  /** Events read from history, indexed by key for single-key watchers. */
  private static final class History {
    private final List<KvStore.HistoryEvent> all;
    private Map<ByteString, List<KvStore.HistoryEvent>> byKey;

    History(List<KvStore.HistoryEvent> all) {
      this.all = all;
    }

    /** The events from revision {@code from} on that the watcher accepts, in order. */
    List<Event> eventsFor(Watcher w, long from) {
      List<KvStore.HistoryEvent> candidates = all;
      if (w.isSingleKey()) {
        if (byKey == null) {
          byKey = new HashMap<>();
          for (KvStore.HistoryEvent h : all) {
            byKey.computeIfAbsent(h.event().getKv().getKey(), k -> new ArrayList<>()).add(h);
          }
        }
        candidates = byKey.getOrDefault(w.key(), List.of());
      }
      List<Event> events = new ArrayList<>();
      for (KvStore.HistoryEvent h : candidates) {
        if (h.revision().main() >= from && w.accepts(h.event())) {
          events.add(h.event());
        }
      }
      return events;
    }
  }

  @Override
  public void close() {
    syncer.shutdownNow();
  }
}
