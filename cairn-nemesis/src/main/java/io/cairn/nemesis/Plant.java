package io.cairn.nemesis;

/**
 * Bugs planted on the client side, to prove the checkers catch what they should. None needs a
 * server change.
 */
enum Plant {
  NONE,
  /** "Linearizable" gets are sent with serializable=true: a member that lags or is cut off serves them. */
  STALE_READS,
  /** Keep-alives are not sent, but recorded as answered with the full TTL. */
  DROPPED_KEEPALIVES
}
