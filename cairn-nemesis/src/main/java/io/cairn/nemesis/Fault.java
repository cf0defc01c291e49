package io.cairn.nemesis;

/** The faults a run injects; each is undone before the next. */
enum Fault {
  KILL_RANDOM, KILL_LEADER, KILL_ALL, PAUSE_LEADER, PARTITION_LEADER, PARTITION_SPLIT, ONE_WAY,
  MEMBERSHIP, SNAPSHOT_LAG;

  String label() {
    return name().toLowerCase().replace('_', '-');
  }

  static Fault parse(String s) {
    return valueOf(s.trim().toUpperCase().replace('-', '_'));
  }
}
