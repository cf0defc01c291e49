package io.cairn.nemesis.check;

import java.util.List;

/** One violated guarantee: a kind (for counting), what is wrong, and the operations that show it. */
public record Anomaly(String kind, String description, List<String> evidence) {

  public Anomaly {
    evidence = List.copyOf(evidence);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ANOMALY ").append(kind).append(": ").append(description);
    for (String e : evidence) {
      s.append("\n    ").append(e);
    }
    return s.toString();
  }
}
