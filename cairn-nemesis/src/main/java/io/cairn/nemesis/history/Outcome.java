package io.cairn.nemesis.history;

/** What a client knows about an operation once it returned. */
public enum Outcome {
  /** Acknowledged: it took effect exactly once, between invocation and completion. */
  OK,
  /** Certainly had no effect (an error the server returns before proposing). */
  FAIL,
  /**
   * Unknown (deadline, unavailable, connection lost): it may take effect at any point after its
   * invocation, even long after the client gave up, or never.
   */
  INDETERMINATE
}
