package io.cairn.nemesis.history;

/** What a client asked for. Every value a client writes is unique in a run. */
public sealed interface Call {
  /** The key the call reads or writes, or null for lease-only calls. */
  String key();

  /** A plain put; {@code lease} 0 for none. */
  record Put(String key, String value, long lease) implements Call {}

  /** A range over one key, linearizable unless {@code serializable}. */
  record Get(String key, boolean serializable) implements Call {}

  /** A delete of one key. */
  record Delete(String key) implements Call {}

  /**
   * A txn: if the key's value equals {@code expected} (null: the key does not exist) then put
   * {@code value}.
   */
  record CasValue(String key, String expected, String value) implements Call {}

  /** A txn: if the key's mod_revision equals {@code expectedModRevision} then put {@code value}. */
  record CasRevision(String key, long expectedModRevision, String value) implements Call {}

  /** LeaseGrant with a TTL in seconds. */
  record LeaseGrant(long ttl) implements Call {
    @Override
    public String key() {
      return null;
    }
  }

  /** One LeaseKeepAlive request on a stream. */
  record KeepAlive(long lease) implements Call {
    @Override
    public String key() {
      return null;
    }
  }

  /** Whether a call can change the key-value store. */
  default boolean writes() {
    return !(this instanceof Get) && !(this instanceof KeepAlive);
  }
}
