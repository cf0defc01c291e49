package io.cairn.server.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One watch: a key range, filters, and the next revision it has yet to see. Range rules as in
 * {@code KvStore.range}: empty end is one key, "\0" is every key from {@code key}.
 */
public final class Watcher {
  private final long id;
  private final ByteString key;
  private final ByteString end;
  private final boolean noPut;
  private final boolean noDelete;
  private final boolean prevKv;
  private final boolean progressNotify;
  private final boolean fragments;
  private final WatchSink sink;
  /** Next revision to deliver; guarded by the hub's lock. */
  long nextRevision;
  volatile boolean canceled;

  public Watcher(long id, ByteString key, ByteString end, boolean noPut, boolean noDelete,
      boolean prevKv, boolean progressNotify, boolean fragments, WatchSink sink) {
    this.id = id;
    this.key = key;
    this.end = end;
    this.noPut = noPut;
    this.noDelete = noDelete;
    this.prevKv = prevKv;
    this.progressNotify = progressNotify;
    this.fragments = fragments;
    this.sink = sink;
  }

  public long id() {
    return id;
  }

  public boolean wantsPrevKv() {
    return prevKv;
  }

  /** The client accepts a large revision split over several responses. */
  public boolean wantsFragments() {
    return fragments;
  }

  public boolean wantsProgressNotify() {
    return progressNotify;
  }

  WatchSink sink() {
    return sink;
  }

  ByteString key() {
    return key;
  }

  boolean isSingleKey() {
    return end.isEmpty();
  }

  boolean matches(ByteString k) {
    if (end.isEmpty()) {
      return k.equals(key);
    }
    var cmp = ByteString.unsignedLexicographicalComparator();
    if (cmp.compare(k, key) < 0) {
      return false;
    }
    return (end.size() == 1 && end.byteAt(0) == 0) || cmp.compare(k, end) < 0;
  }

  boolean accepts(Event e) {
    if (e.getType() == Event.EventType.PUT ? noPut : noDelete) {
      return false;
    }
    return matches(e.getKv().getKey());
  }

  List<Event> filter(List<Event> events) {
    List<Event> out = null;
    for (Event e : events) {
      if (accepts(e)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(e);
      }
    }
    return out == null ? List.of() : out;
  }
}
