package io.cairn.server.auth;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The keys one permission type covers for one user: the union of the granted intervals, each
 * [key, end) with a null end for "every key from key on" (etcd's range end "\0"), a single key
 * being [key, key + "\0"). A request's range is permitted when the union covers all of it.
 */
final class KeyRanges {
  private record Interval(ByteString begin, ByteString end) {}

  private static final Comparator<ByteString> BYTES = ByteString.unsignedLexicographicalComparator();
  private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

  private final List<Interval> sorted;

  private KeyRanges(List<Interval> sorted) {
    this.sorted = sorted;
  }

  static final class Builder {
    private final List<Interval> intervals = new ArrayList<>();

    /** Adds a permission as etcd stores it: no range end is one key, "\0" every key from key on. */
    Builder add(ByteString key, ByteString rangeEnd) {
      if (rangeEnd.isEmpty()) {
        intervals.add(new Interval(key, key.concat(ZERO)));
      } else {
        intervals.add(new Interval(key, rangeEnd.equals(ZERO) ? null : rangeEnd));
      }
      return this;
    }

    KeyRanges build() {
      List<Interval> copy = new ArrayList<>(intervals);
      copy.sort(Comparator.comparing(Interval::begin, BYTES));
      return new KeyRanges(List.copyOf(copy));
    }
  }

  /** Whether one key is covered. */
  boolean covers(ByteString key) {
    for (Interval i : sorted) {
      if (BYTES.compare(i.begin(), key) > 0) {
        return false;
      }
      if (i.end() == null || BYTES.compare(key, i.end()) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether all of [key, end) is covered; a null end is "every key from key on". */
  boolean covers(ByteString key, ByteString end) {
    ByteString reached = null; // the end of the covered run that starts at or before key
    boolean started = false;
    for (Interval i : sorted) {
      if (!started) {
        if (BYTES.compare(i.begin(), key) > 0) {
          return false;
        }
        if (i.end() != null && BYTES.compare(i.end(), key) <= 0) {
          continue; // ends before the range starts
        }
        started = true;
        reached = i.end();
      } else {
        if (reached == null) {
          break;
        }
        if (BYTES.compare(i.begin(), reached) > 0) {
          break; // a gap
        }
        if (i.end() == null || BYTES.compare(i.end(), reached) > 0) {
          reached = i.end();
        }
      }
      if (reached == null || (end != null && BYTES.compare(reached, end) >= 0)) {
        return true;
      }
    }
    return started && (reached == null || (end != null && BYTES.compare(reached, end) >= 0));
  }
}
