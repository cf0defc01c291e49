package io.cairn.server.watch;

import io.cairn.api.Event;
import java.util.List;

/**
 * Where a watcher's output goes: one client stream. Calls come from the apply thread and the sync
 * thread and must never block.
 */
public interface WatchSink {
  /** True while the stream can take more without buffering too much. */
  boolean hasCapacity();

  /** Queues the events of one revision for the watcher. */
  void send(Watcher watcher, long revision, List<Event> events);

  /** The watcher's start revision was compacted away: tell the client and cancel the watcher. */
  void compacted(Watcher watcher, long compactRevision);

  /** The watcher has caught up with history, after the events it was sent for it. */
  default void synced(Watcher watcher) {}
}
