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
 *
 * <p>The header names the proposing process ({@code session}, random per start) and its {@code
 * floor}: every request of that session with a lower ID has had its answer, so the applier need
 * remember only the IDs at or above it to refuse a request the log carries twice. Entries written
 * before the header existed decode with session 0 (no deduplication).
 *
 * @param session the proposing process's session, or 0 for none
 * @param floor the lowest request ID the session still waits on
 */
public record LogEntry(long session, long floor, List<InternalRequest> requests) {
  private static final int SESSION_FIELD = 1;
  private static final int FLOOR_FIELD = 2;
  private static final int REQUEST_FIELD = 16;

  public static byte[] encode(long session, long floor, List<byte[]> encodedRequests) {
    int size = 20;
    for (byte[] r : encodedRequests) {
      size += r.length + 8;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeFixed64(SESSION_FIELD, session);
      out.writeUInt64(FLOOR_FIELD, floor);
      for (byte[] r : encodedRequests) {
        out.writeByteArray(REQUEST_FIELD, r);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static LogEntry decode(byte[] entry) {
    CodedInputStream in = CodedInputStream.newInstance(entry);
    long session = 0;
    long floor = 0;
    List<InternalRequest> requests = new ArrayList<>();
    try {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        switch (WireFormat.getTagFieldNumber(tag)) {
          case SESSION_FIELD -> session = in.readFixed64();
          case FLOOR_FIELD -> floor = in.readUInt64();
          case REQUEST_FIELD -> requests.add(InternalRequest.decode(in.readByteArray()));
          default -> in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("corrupt log entry", e);
    }
    if (requests.isEmpty()) {
      throw new IllegalStateException("log entry without requests");
    }
    return new LogEntry(session, floor, List.copyOf(requests));
  }
}
