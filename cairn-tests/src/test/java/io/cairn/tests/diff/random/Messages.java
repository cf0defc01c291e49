package io.cairn.tests.diff.random;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.util.function.UnaryOperator;

/** Bottom-up rewriting of protobuf messages. */
final class Messages {
  private Messages() {}

  /** The message with {@code f} applied to every message in it (innermost first) and to itself. */
  @SuppressWarnings("unchecked")
  static <M extends Message> M map(M m, UnaryOperator<Message> f) {
    Message.Builder b = m.toBuilder();
    for (FieldDescriptor field : m.getDescriptorForType().getFields()) {
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.isRepeated()) {
        for (int i = 0; i < m.getRepeatedFieldCount(field); i++) {
          b.setRepeatedField(field, i, map((Message) m.getRepeatedField(field, i), f));
        }
      } else if (m.hasField(field)) {
        b.setField(field, map((Message) m.getField(field), f));
      }
    }
    return (M) f.apply(b.build());
  }

  /** The message as one line of protobuf text, lease IDs the servers chose written as Ln. */
  static String text(Message m) {
    return Step.showLeaseRefs(TextFormat.printer().shortDebugString(m));
  }
}
