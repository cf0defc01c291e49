package io.cairn.nemesis.history;

/**
 * One event as a watcher received it: a put ({@code value} non-null) or a delete of {@code key} at
 * {@code modRevision}, with the previous key-value when the watch asked for it ({@code prevValue}
 * null and {@code prevModRevision} 0 when there was none).
 */
public record WatchEvent(long modRevision, String key, String value, long createRevision,
    long version, String prevValue, long prevModRevision) {

  public boolean isDelete() {
    return value == null;
  }
}
