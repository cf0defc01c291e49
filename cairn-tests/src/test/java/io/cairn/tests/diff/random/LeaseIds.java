package io.cairn.tests.diff.random;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The leases one server granted, in order, so that the n-th lease of etcd and the n-th lease of Cairn
 * are both written {@code BASE + n} ("Ln"): in requests (symbolic to real) and in responses (real to
 * symbolic). Lease IDs are the int64 fields named {@code lease} or {@code ID} of etcd's messages.
 */
final class LeaseIds {
  /** Symbolic lease IDs are BASE + n, n < 1000; no generated request uses such an ID literally. */
  static final long BASE = 1_000_000;

  private final List<Long> granted = new ArrayList<>();

  /** The symbolic ID of the n-th lease granted. */
  static long ref(int n) {
    return BASE + n;
  }

  void granted(long id) {
    granted.add(id);
  }

  long toReal(long id) {
    long n = id - BASE;
    return n >= 0 && n < granted.size() ? granted.get((int) n) : id;
  }

  long toSymbolic(long id) {
    int n = granted.indexOf(id);
    return n >= 0 ? ref(n) : id;
  }

  <M extends Message> M resolve(M request) {
    return rewrite(request, this::toReal);
  }

  <M extends Message> M symbolic(M response) {
    return rewrite(response, this::toSymbolic);
  }

  /** The message with {@code map} applied to every lease ID in it, at any depth. */
  static <M extends Message> M rewrite(M m, LongUnaryOperator map) {
    return Messages.map(m, msg -> {
      Message.Builder b = null;
      for (FieldDescriptor f : msg.getDescriptorForType().getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.LONG && !f.isRepeated()
            && (f.getName().equals("lease") || f.getName().equals("ID")) && msg.hasField(f)) {
          b = b == null ? msg.toBuilder() : b;
          b.setField(f, map.applyAsLong((Long) msg.getField(f)));
        }
      }
      return b == null ? msg : b.build();
    });
  }
}
