package io.cairn.cli;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;

/** Key helpers of the Go client (clientv3/op.go): prefix range ends and "from key". */
public final class Keys {
  public static final ByteString NUL = ByteString.copyFrom(new byte[] {0});

  private Keys() {}

  static ByteString bytes(String s) {
    return ByteString.copyFrom(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The smallest key after every key with this prefix; "\0" (all keys) when there is none. */
  public static ByteString prefixEnd(ByteString key) {
    byte[] end = key.toByteArray();
    for (int i = end.length - 1; i >= 0; i--) {
      if ((end[i] & 0xff) < 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return NUL;
  }
}
