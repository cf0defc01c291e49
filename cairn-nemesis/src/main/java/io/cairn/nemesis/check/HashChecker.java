package io.cairn.nemesis.check;

import java.util.List;
import java.util.Map;

/** After healing, every member's HashKV at one revision is the same. */
public final class HashChecker {
  private HashChecker() {}

  public static List<Anomaly> check(long revision, Map<String, Long> hashByMember) {
    if (hashByMember.values().stream().distinct().count() <= 1) {
      return List.of();
    }
    return List.of(new Anomaly("hash-mismatch", "HashKV at revision " + revision
        + " differs between members", hashByMember.entrySet().stream()
        .map(e -> e.getKey() + " " + Long.toHexString(e.getValue())).sorted().toList()));
  }
}
