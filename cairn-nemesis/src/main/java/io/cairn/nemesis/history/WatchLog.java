package io.cairn.nemesis.history;

import java.util.ArrayList;
import java.util.List;

/**
 * What one watcher saw: it first asked for events from {@code startRevision} on keys with
 * {@code prefix}, and after a broken stream resumed from the revision after the last event it had
 * (so, across resumes, one gap-free sequence is promised). {@code canceled} is set when the server
 * cancelled it (compaction), after which nothing is promised.
 */
public final class WatchLog {
  private final int watcher;
  private final String prefix;
  private final long startRevision;
  private final List<WatchEvent> events = new ArrayList<>();
  private int resumes;

  public WatchLog(int watcher, String prefix, long startRevision) {
    this.watcher = watcher;
    this.prefix = prefix;
    this.startRevision = startRevision;
  }

  public synchronized void add(WatchEvent e) {
    events.add(e);
  }

  public synchronized void resumed() {
    resumes++;
  }

  /** The revision a resumed watch starts from: after the last event received. */
  public synchronized long nextRevision() {
    return events.isEmpty() ? startRevision : events.get(events.size() - 1).modRevision() + 1;
  }

  public int watcher() {
    return watcher;
  }

  public String prefix() {
    return prefix;
  }

  public long startRevision() {
    return startRevision;
  }

  public synchronized List<WatchEvent> events() {
    return List.copyOf(events);
  }

  public synchronized int resumes() {
    return resumes;
  }
}
