package io.cairn.server.core;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Raft log entry: one or more encoded {@link InternalRequest}s, applied in order, each with its own
 * revision. Batching requests into one entry is the group commit that keeps throughput from hanging
 * on the engine's entry rate.
 */
public final class LogEntry {
  private static final int REQUEST_FIELD = 16;

  private LogEntry() {}

  public static byte[] encode(List<byte[]> encodedRequests) {
    int size = 0;
    for (byte[] r : encodedRequests) {
      size += r.length + 8;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (byte[] r : encodedRequests) {
        out.writeByteArray(REQUEST_FIELD, r);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static List<InternalRequest> decode(byte[] entry) {
    CodedInputStream in = CodedInputStream.newInstance(entry);
    List<InternalRequest> out = new ArrayList<>();
    try {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        if (WireFormat.getTagFieldNumber(tag) == REQUEST_FIELD) {
          out.add(InternalRequest.decode(in.readByteArray()));
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("corrupt log entry", e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("log entry without requests");
    }
    return out;
  }
}
