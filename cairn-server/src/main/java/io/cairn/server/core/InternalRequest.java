package io.cairn.server.core;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import io.cairn.api.AlarmRequest;
import io.cairn.api.internal.MemberAddEntry;
import io.cairn.api.internal.MemberAttributesRequest;
import io.cairn.api.internal.MemberPromoteEntry;
import io.cairn.api.internal.MemberRemoveEntry;
import io.cairn.api.internal.MemberUpdateEntry;
import io.cairn.api.CompactionRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.TxnRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;

/**
 * The one log entry format (etcd's {@code InternalRaftRequest}): a request ID, to find the waiting
 * client on the proposing member, and exactly one etcd request. Encoded as protobuf fields so that
 * new request kinds can be added without breaking old logs.
 */
public record InternalRequest(long id, MessageLite request) {
  private static final int ID_FIELD = 1;

  /** Field number of each request kind. Never renumber: these are in every existing log. */
  private enum Kind {
    PUT(3, PutRequest.class, b -> parse(PutRequest.parser(), b)),
    DELETE_RANGE(4, DeleteRangeRequest.class, b -> parse(DeleteRangeRequest.parser(), b)),
    TXN(5, TxnRequest.class, b -> parse(TxnRequest.parser(), b)),
    COMPACTION(6, CompactionRequest.class, b -> parse(CompactionRequest.parser(), b)),
    LEASE_GRANT(7, LeaseGrantRequest.class, b -> parse(LeaseGrantRequest.parser(), b)),
    LEASE_REVOKE(8, LeaseRevokeRequest.class, b -> parse(LeaseRevokeRequest.parser(), b)),
    ALARM(9, AlarmRequest.class, b -> parse(AlarmRequest.parser(), b)),
    MEMBER_ATTRIBUTES(10, MemberAttributesRequest.class,
        b -> parse(MemberAttributesRequest.parser(), b)),
    MEMBER_ADD(11, MemberAddEntry.class, b -> parse(MemberAddEntry.parser(), b)),
    MEMBER_REMOVE(12, MemberRemoveEntry.class, b -> parse(MemberRemoveEntry.parser(), b)),
    MEMBER_UPDATE(13, MemberUpdateEntry.class, b -> parse(MemberUpdateEntry.parser(), b)),
    MEMBER_PROMOTE(14, MemberPromoteEntry.class, b -> parse(MemberPromoteEntry.parser(), b));

    final int field;
    final Class<? extends MessageLite> type;
    final Function<byte[], MessageLite> parser;

    Kind(int field, Class<? extends MessageLite> type, Function<byte[], MessageLite> parser) {
      this.field = field;
      this.type = type;
      this.parser = parser;
    }
  }

  private static final Map<Class<?>, Kind> BY_TYPE = byType();

  private static Map<Class<?>, Kind> byType() {
    Map<Class<?>, Kind> m = new java.util.HashMap<>();
    for (Kind k : Kind.values()) {
      m.put(k.type, k);
    }
    return Map.copyOf(m);
  }

  public byte[] encode() {
    Kind kind = BY_TYPE.get(request.getClass());
    if (kind == null) {
      throw new IllegalArgumentException("not a Raft request: " + request.getClass());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(request.getSerializedSize() + 16);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeUInt64(ID_FIELD, id);
      out.writeMessage(kind.field, request);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static InternalRequest decode(byte[] data) {
    CodedInputStream in = CodedInputStream.newInstance(data);
    long id = 0;
    MessageLite request = null;
    try {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        int field = WireFormat.getTagFieldNumber(tag);
        if (field == ID_FIELD) {
          id = in.readUInt64();
          continue;
        }
        Kind kind = null;
        for (Kind k : Kind.values()) {
          if (k.field == field) {
            kind = k;
          }
        }
        if (kind == null) {
          in.skipField(tag);
        } else {
          request = kind.parser.apply(in.readByteArray());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("corrupt log entry", e);
    }
    if (request == null) {
      throw new IllegalStateException("log entry without a request");
    }
    return new InternalRequest(id, request);
  }

  private static MessageLite parse(com.google.protobuf.Parser<? extends MessageLite> p, byte[] b) {
    try {
      return p.parseFrom(b);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt log entry", e);
    }
  }
}
