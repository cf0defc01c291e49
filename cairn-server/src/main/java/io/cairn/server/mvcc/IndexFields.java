package io.cairn.server.mvcc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.cairn.api.KeyValue;
import java.io.IOException;

/**
 * The fields of a stored {@link KeyValue} that the key index needs, read without the value: the
 * index is rebuilt from every stored revision at start-up, and the values are not needed there (the
 * tree insertions, not parsing, are most of that rebuild's CPU). The key array is fresh, so the index
 * may keep it.
 */
record IndexFields(byte[] key, long createRevision, long version, long lease) {

  static IndexFields parse(byte[] stored) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(stored);
      byte[] key = new byte[0];
      long create = 0;
      long version = 0;
      long lease = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case KeyValue.KEY_FIELD_NUMBER -> key = in.readByteArray();
          case KeyValue.CREATE_REVISION_FIELD_NUMBER -> create = in.readInt64();
          case KeyValue.VERSION_FIELD_NUMBER -> version = in.readInt64();
          case KeyValue.LEASE_FIELD_NUMBER -> lease = in.readInt64();
          default -> in.skipField(tag);
        }
      }
      return new IndexFields(key, create, version, lease);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt key-value in backend", e);
    }
  }
}
