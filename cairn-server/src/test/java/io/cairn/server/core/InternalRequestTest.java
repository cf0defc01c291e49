package io.cairn.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmType;
import io.cairn.api.Compare;
import io.cairn.api.CompactionRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InternalRequestTest {

  static Stream<Arguments> everyRequestKind() {
    ByteString k = ByteString.copyFromUtf8("key");
    return Stream.of(
        Arguments.of(PutRequest.newBuilder().setKey(k).setValue(ByteString.copyFrom(new byte[] {0, (byte) 0xff}))
            .setLease(7).setPrevKv(true).setIgnoreLease(false).build(), 3),
        Arguments.of(DeleteRangeRequest.newBuilder().setKey(k).setRangeEnd(ByteString.copyFromUtf8("kez"))
            .setPrevKv(true).build(), 4),
        Arguments.of(TxnRequest.newBuilder()
            .addCompare(Compare.newBuilder().setKey(k).setTarget(Compare.CompareTarget.VALUE)
                .setValue(ByteString.copyFromUtf8("v")))
            .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(k)))
            .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(k).setLimit(3)))
            .build(), 5),
        Arguments.of(CompactionRequest.newBuilder().setRevision(42).setPhysical(true).build(), 6),
        Arguments.of(LeaseGrantRequest.newBuilder().setID(0x1234_5678_9abcL).setTTL(60).build(), 7),
        Arguments.of(LeaseRevokeRequest.newBuilder().setID(-5).build(), 8),
        Arguments.of(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
            .setMemberID(0x8e9e05c52164694dL).setAlarm(AlarmType.NOSPACE).build(), 9));
  }

  @ParameterizedTest
  @MethodSource("everyRequestKind")
  void encodeThenDecodeGivesBackTheSameIdAndRequest(MessageLite request, int field) {
    for (long id : new long[] {0, 1, 0x0123_4567_89ab_cdefL, -1L, Long.MIN_VALUE}) {
      InternalRequest decoded = InternalRequest.decode(new InternalRequest(id, request).encode());

      assertThat(decoded.id()).isEqualTo(id);
      assertThat(decoded.request()).isInstanceOf(request.getClass()).isEqualTo(request);
    }
  }

  @ParameterizedTest
  @MethodSource("everyRequestKind")
  void eachKindKeepsItsFieldNumberInTheLog(MessageLite request, int field) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(new InternalRequest(9, request).encode());

    int idTag = in.readTag();
    assertThat(WireFormat.getTagFieldNumber(idTag)).isEqualTo(1);
    assertThat(in.readUInt64()).isEqualTo(9);
    int requestTag = in.readTag();
    assertThat(WireFormat.getTagFieldNumber(requestTag)).isEqualTo(field);
    assertThat(WireFormat.getTagWireType(requestTag)).isEqualTo(WireFormat.WIRETYPE_LENGTH_DELIMITED);
    assertThat(in.readByteArray()).isEqualTo(request.toByteArray());
    assertThat(in.isAtEnd()).isTrue();
  }

  @Test
  void encodingOfAPutIsStable() {
    byte[] bytes = new InternalRequest(5, PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("a")).build())
        .encode();

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0805" + "1a03" + "0a0161");
  }

  @Test
  void emptyRequestStillRoundTrips() {
    InternalRequest decoded = InternalRequest.decode(
        new InternalRequest(3, CompactionRequest.getDefaultInstance()).encode());

    assertThat(decoded.request()).isEqualTo(CompactionRequest.getDefaultInstance());
    assertThat(decoded.id()).isEqualTo(3);
  }

  @Test
  void unknownFieldsFromNewerVersionsAreSkipped() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeUInt64(1, 11);
    out.writeString(99, "from the future");
    out.writeMessage(8, LeaseRevokeRequest.newBuilder().setID(4).build());
    out.writeUInt64(100, 1);
    out.flush();

    InternalRequest decoded = InternalRequest.decode(bytes.toByteArray());

    assertThat(decoded.id()).isEqualTo(11);
    assertThat(decoded.request()).isEqualTo(LeaseRevokeRequest.newBuilder().setID(4).build());
  }

  @Test
  void entryWithoutARequestIsRejected() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeUInt64(1, 11);
    out.flush();

    assertThatThrownBy(() -> InternalRequest.decode(bytes.toByteArray()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void corruptEntryIsRejected() {
    byte[] truncated = new InternalRequest(5, PutRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8("abcdef")).build()).encode();
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 2);

    assertThatThrownBy(() -> InternalRequest.decode(cut)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requestsThatDoNotGoThroughRaftCannotBeEncoded() {
    InternalRequest range = new InternalRequest(1, RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("a"))
        .build());

    assertThatThrownBy(range::encode).isInstanceOf(IllegalArgumentException.class);
  }
}
