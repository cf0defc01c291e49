package io.cairn.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmType;
import io.cairn.api.CompactionRequest;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.api.internal.MemberAddEntry;
import io.cairn.api.internal.MemberAttributesRequest;
import io.cairn.api.internal.MemberPromoteEntry;
import io.cairn.api.internal.MemberRecord;
import io.cairn.api.internal.MemberRemoveEntry;
import io.cairn.api.internal.MemberUpdateEntry;
import io.cairn.api.internal.RaftEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftEntriesTest {
  /**
   * An entry with one request of every kind, written by the hand-rolled encoder that came before
   * the {@code RaftEntry} message (session 0x1234567890abcdef, floor 3). Existing data dirs hold
   * such entries: they must decode to the same requests, so no data-dir version bump was needed.
   */
  private static final String ENTRY_BEFORE_THE_PROTO = "09efcdab9078563412100382010c08011a080a016b"
      + "120176180782010c080222080a0161120162180182011508032a110a051a016b200112081206"
      + "0a0178120179820108080432040805100182010808053a04083c100982010608064202080982"
      + "010a08074a060801100318018201130808520f080312016d1a08687474703a2f2f6382011908"
      + "095a15080b1211080412016e1a08687474703a2f2f702801820106080a62020804820110080b"
      + "6a0c08041208687474703a2f2f71820106080c72020804";

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static InternalRaftRequest.Builder id(long id) {
    return InternalRaftRequest.newBuilder().setId(id);
  }

  private static List<InternalRaftRequest> everyKind() {
    return List.of(
        id(1).setPut(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(7)).build(),
        id(2).setDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("b"))
            .setPrevKv(true)).build(),
        id(3).setTxn(TxnRequest.newBuilder()
            .addCompare(Compare.newBuilder().setKey(bs("k")).setVersion(1))
            .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                .setKey(bs("x")).setValue(bs("y"))))).build(),
        id(4).setCompaction(CompactionRequest.newBuilder().setRevision(5).setPhysical(true)).build(),
        id(5).setLeaseGrant(LeaseGrantRequest.newBuilder().setID(9).setTTL(60)).build(),
        id(6).setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(9)).build(),
        id(7).setAlarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
            .setMemberID(3).setAlarm(AlarmType.NOSPACE)).build(),
        id(8).setMemberAttributes(MemberAttributesRequest.newBuilder().setId(3).setName("m")
            .addClientUrls("http://c")).build(),
        id(9).setMemberAdd(MemberAddEntry.newBuilder().setClusterId(11).setMember(
            MemberRecord.newBuilder().setId(4).setName("n").addPeerUrls("http://p")
                .setIsLearner(true))).build(),
        id(10).setMemberRemove(MemberRemoveEntry.newBuilder().setId(4)).build(),
        id(11).setMemberUpdate(MemberUpdateEntry.newBuilder().setId(4).addPeerUrls("http://q"))
            .build(),
        id(12).setMemberPromote(MemberPromoteEntry.newBuilder().setId(4)).build());
  }

  @Test
  void entriesWrittenBeforeTheProtoDecodeToTheSameRequests() {
    RaftEntry entry = RaftEntries.decode(HexFormat.of().parseHex(ENTRY_BEFORE_THE_PROTO));

    assertThat(entry.getSession()).isEqualTo(0x1234567890abcdefL);
    assertThat(entry.getFloor()).isEqualTo(3);
    assertThat(entry.getRequestsList()).containsExactlyElementsOf(everyKind());
  }

  @Test
  void entriesAreWrittenAsBefore() {
    assertThat(HexFormat.of().formatHex(RaftEntries.encode(0x1234567890abcdefL, 3, everyKind())))
        .isEqualTo(ENTRY_BEFORE_THE_PROTO);
  }

  @Test
  void idsOfEverySizeRoundTrip() {
    for (long id : new long[] {0, 1, 0x0123_4567_89ab_cdefL, -1L, Long.MIN_VALUE}) {
      InternalRaftRequest r = id(id).setCompaction(CompactionRequest.getDefaultInstance()).build();

      assertThat(RaftEntries.decode(RaftEntries.encode(1, 0, List.of(r))).getRequests(0))
          .isEqualTo(r);
    }
  }

  @Test
  void unknownFieldsFromNewerVersionsAreSkipped() throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(request);
    out.writeUInt64(1, 11);
    out.writeString(99, "from the future");
    out.writeMessage(8, LeaseRevokeRequest.newBuilder().setID(4).build());
    out.flush();

    RaftEntry entry = RaftEntries.decode(entryOf(request.toByteArray()));

    assertThat(entry.getRequests(0).getId()).isEqualTo(11);
    assertThat(entry.getRequests(0).getLeaseRevoke().getID()).isEqualTo(4);
  }

  @Test
  void aRequestOfNoKnownKindIsRefused() throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(request);
    out.writeUInt64(1, 11);
    out.writeString(99, "a kind from the future");
    out.flush();

    assertThatThrownBy(() -> RaftEntries.decode(entryOf(request.toByteArray())))
        .isInstanceOf(IllegalStateException.class).hasMessage("log entry without a request");
  }

  @Test
  void anEntryWithoutRequestsIsRefused() {
    assertThatThrownBy(() -> RaftEntries.decode(RaftEntries.encode(5, 1, List.of())))
        .isInstanceOf(IllegalStateException.class).hasMessage("log entry without requests");
  }

  @Test
  void aTruncatedEntryIsRefused() {
    byte[] whole = RaftEntries.encode(5, 1, everyKind());

    assertThatThrownBy(() -> RaftEntries.decode(Arrays.copyOf(whole, whole.length - 2)))
        .isInstanceOf(IllegalStateException.class).hasMessage("corrupt log entry");
  }

  private static byte[] entryOf(byte[] request) throws IOException {
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(entry);
    out.writeByteArray(RaftEntry.REQUESTS_FIELD_NUMBER, request);
    out.flush();
    return entry.toByteArray();
  }
}
