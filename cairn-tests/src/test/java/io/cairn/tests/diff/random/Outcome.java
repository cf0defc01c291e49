package io.cairn.tests.diff.random;

import java.util.List;

/**
 * What one step returned, normalised: a response or an error as text, plus the remaining lease TTLs
 * it reported, which are compared within one second because time passes differently on each server.
 */
public record Outcome(String text, List<Long> ttls) {

  static Outcome of(String text) {
    return new Outcome(text, List.of());
  }

  /** Equal text, and each TTL within one second of the other's. */
  public boolean matches(Outcome other) {
    if (!text.equals(other.text) || ttls.size() != other.ttls.size()) {
      return false;
    }
    for (int i = 0; i < ttls.size(); i++) {
      if (Math.abs(ttls.get(i) - other.ttls.get(i)) > 1) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return ttls.isEmpty() ? text : text + " TTL~" + ttls;
  }
}
