package io.cairn.server.compactor;

import java.time.Duration;

/** One way of choosing what to compact, advanced by a timer every {@link #interval()}. */
interface CompactionPolicy {
  Duration interval();

  void tick();
}
