package io.cairn.cli.print;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Go's encoding/json applied to etcd's gogo-generated structs: fields in declaration order under
 * their proto names, all omitempty, 64-bit numbers as numbers, bytes as base64, enums as numbers, a
 * oneof as an always-present field named after the oneof in CamelCase.
 */
public final class GoJson {
  private final StringBuilder sb = new StringBuilder();

  public static String of(Message m) {
    GoJson j = new GoJson();
    j.message(m);
    return j.toString();
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  public GoJson raw(String s) {
    sb.append(s);
    return this;
  }

  /** Appends a message as a JSON object. */
  public GoJson message(Message m) {
    sb.append('{');
    fields(m, true);
    return raw("}");
  }

  /**
   * Appends a message's fields without braces (Go's embedded-struct promotion); returns whether
   * anything was written.
   */
  public boolean fields(Message m, boolean first) {
    boolean wrote = false;
    OneofDescriptor lastOneof = null;
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      OneofDescriptor oneof = f.getRealContainingOneof();
      if (oneof != null) {
        if (oneof == lastOneof) {
          continue;
        }
        lastOneof = oneof;
        if (!first || wrote) {
          sb.append(',');
        }
        wrote = true;
        key(camel(oneof.getName()));
        FieldDescriptor set = m.getOneofFieldDescriptor(oneof);
        if (set == null) {
          sb.append("null");
        } else {
          sb.append('{');
          // the oneof wrapper struct's field has no json tag: Go uses its CamelCase name
          key(camel(set.getName()));
          value(set, m.getField(set));
          sb.append('}');
        }
        continue;
      }
      if (isEmpty(m, f)) {
        continue;
      }
      if (!first || wrote) {
        sb.append(',');
      }
      wrote = true;
      key(f.getName());
      if (f.isRepeated()) {
        sb.append('[');
        List<?> items = (List<?>) m.getField(f);
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          value(f, items.get(i));
        }
        sb.append(']');
      } else {
        value(f, m.getField(f));
      }
    }
    return wrote;
  }

  private static boolean isEmpty(Message m, FieldDescriptor f) {
    if (f.isRepeated()) {
      return m.getRepeatedFieldCount(f) == 0;
    }
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return !m.hasField(f);
    }
    Object v = m.getField(f);
    return switch (f.getJavaType()) {
      case INT, LONG -> ((Number) v).longValue() == 0;
      case FLOAT, DOUBLE -> ((Number) v).doubleValue() == 0;
      case BOOLEAN -> !(Boolean) v;
      case STRING -> ((String) v).isEmpty();
      case BYTE_STRING -> ((ByteString) v).isEmpty();
      case ENUM -> ((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getNumber() == 0;
      default -> false;
    };
  }

  private void value(FieldDescriptor f, Object v) {
    switch (f.getJavaType()) {
      case MESSAGE -> message((Message) v);
      case BYTE_STRING -> bytes((ByteString) v);
      case STRING -> string((String) v);
      case BOOLEAN -> sb.append(v);
      case ENUM -> sb.append(((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getNumber());
      case LONG -> sb.append(isUnsigned(f) ? Long.toUnsignedString((Long) v) : v.toString());
      case INT -> sb.append(isUnsigned(f) ? Integer.toUnsignedString((Integer) v) : v.toString());
      default -> sb.append(v);
    }
  }

  private static boolean isUnsigned(FieldDescriptor f) {
    return switch (f.getType()) {
      case UINT32, UINT64, FIXED32, FIXED64 -> true;
      default -> false;
    };
  }

  public GoJson key(String k) {
    string(k);
    sb.append(':');
    return this;
  }

  public GoJson bytes(ByteString b) {
    sb.append('"').append(Base64.getEncoder().encodeToString(b.toByteArray())).append('"');
    return this;
  }

  /** A Go string: invalid UTF-8 becomes U+FFFD, HTML characters and controls are escaped. */
  public GoJson string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    return this;
  }

  public GoJson string(byte[] utf8) {
    return string(new String(utf8, StandardCharsets.UTF_8));
  }

  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    for (String p : snake.split("_")) {
      if (!p.isEmpty()) {
        out.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
      }
    }
    return out.toString();
  }
}
