package io.cairn.tests.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchCancelRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get etcd's exact error, and the member stays up with its data intact. */
class BadInputTest {
  @TempDir
  static Path tmp;
  static CairnMember member;
  static EtcdClients c;

  @BeforeAll
  static void start() {
    MemberFlags flags = new MemberFlags("bad", tmp.resolve("data"), Ports.free(), Ports.free());
    member = CairnMember.start(flags);
    c = new EtcdClients(flags.clientPort());
    c.kv().put(put("keep", "me"));
  }

  @AfterAll
  static void stop() throws Exception {
    // whatever was thrown at it, the member still serves the data it had
    assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("keep")).build()).getKvs(0)
        .getValue().toStringUtf8()).isEqualTo("me");
    c.close();
    member.close();
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static PutRequest put(String k, String v) {
    return PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build();
  }

  static void assertEtcdError(ThrowingCallable call, Status.Code code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).isEqualTo(message);
    });
  }

  @Test
  void emptyKey() {
    assertEtcdError(() -> c.kv().put(put("", "v")), Status.Code.INVALID_ARGUMENT,
        "etcdserver: key is not provided");
    assertEtcdError(() -> c.kv().range(RangeRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
  }

  @Test
  void requestOverMaxRequestBytes() {
    String big = "x".repeat(1_600_000);
    assertEtcdError(() -> c.kv().put(put("big", big)), Status.Code.INVALID_ARGUMENT,
        "etcdserver: request is too large");
  }

  @Test
  void messageOverTheGrpcLimitIsRefusedByTransport() {
    String huge = "x".repeat(3_000_000);
    assertThatThrownBy(() -> c.kv().put(put("huge", huge)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void malformedProtobufIsRejectedAndTheMemberStaysUp() {
    io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
      @Override
      public java.io.InputStream stream(byte[] value) {
        return new java.io.ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(java.io.InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    io.grpc.MethodDescriptor<byte[], byte[]> put = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("etcdserverpb.KV/Put")
        .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0a, 0x7f};
    assertThatThrownBy(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(c.channel(), put,
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), garbage))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(c.kv().put(put("after-garbage", "ok")).getHeader().getRevision()).isPositive();
  }

  @Test
  void invertedRangeIsEmptyNotAnError() {
    assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("z")).setRangeEnd(bs("a")).build())
        .getCount()).isZero();
  }

  @Test
  void unknownLease() {
    assertEtcdError(() -> c.kv().put(put("k", "v").toBuilder().setLease(12345).build()),
        Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
    assertEtcdError(() -> c.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(12345).build()),
        Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
  }

  @Test
  void keepAliveOfUnknownLeaseAnswersZeroTtl() throws Exception {
    BlockingQueue<LeaseKeepAliveResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<LeaseKeepAliveRequest> req = io.cairn.api.LeaseGrpc.newStub(c.channel())
        .leaseKeepAlive(collector(got));
    req.onNext(LeaseKeepAliveRequest.newBuilder().setID(999).build());
    LeaseKeepAliveResponse r = got.poll(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.getID()).isEqualTo(999);
    assertThat(r.getTTL()).isZero();
    req.onCompleted();
  }

  @Test
  void txnLimits() {
    TxnRequest.Builder many = TxnRequest.newBuilder();
    for (int i = 0; i < 129; i++) {
      many.addSuccess(RequestOp.newBuilder().setRequestPut(put("k" + i, "v")));
    }
    assertEtcdError(() -> c.kv().txn(many.build()), Status.Code.INVALID_ARGUMENT,
        "etcdserver: too many operations in txn request");
    TxnRequest dup = TxnRequest.newBuilder()
        .addSuccess(RequestOp.newBuilder().setRequestPut(put("d", "1")))
        .addSuccess(RequestOp.newBuilder().setRequestPut(put("d", "2"))).build();
    assertEtcdError(() -> c.kv().txn(dup), Status.Code.INVALID_ARGUMENT,
        "etcdserver: duplicate key given in txn request");
    TxnRequest emptyOp = TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()).build();
    assertEtcdError(() -> c.kv().txn(emptyOp), Status.Code.INVALID_ARGUMENT,
        "etcdserver: key not found");
  }

  @Test
  void futureAndCompactedRevisions() {
    long rev = c.kv().put(put("r", "1")).getHeader().getRevision();
    assertEtcdError(() -> c.kv().range(RangeRequest.newBuilder().setKey(bs("r")).setRevision(rev + 100).build()),
        Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
    assertEtcdError(() -> c.kv().compact(CompactionRequest.newBuilder().setRevision(rev + 100).build()),
        Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
  }

  @Test
  void badWatchRequestsCancelOnlyThatWatcher() throws Exception {
    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> stream = c.watch().watch(collector(got));
    stream.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("z")).setRangeEnd(bs("a"))).build());
    WatchResponse bad = got.poll(10, TimeUnit.SECONDS);
    assertThat(bad).isNotNull();
    assertThat(bad.getCreated()).isTrue();
    assertThat(bad.getCanceled()).isTrue();
    assertThat(bad.getWatchId()).isEqualTo(-1);
    assertThat(bad.getCancelReason()).isEqualTo("mvcc: watcher range is empty");
    // cancelling an unknown watcher is ignored, and the stream keeps working
    stream.onNext(WatchRequest.newBuilder().setCancelRequest(
        WatchCancelRequest.newBuilder().setWatchId(4242)).build());
    stream.onNext(WatchRequest.newBuilder().setCreateRequest(
        WatchCreateRequest.newBuilder().setKey(bs("w"))).build());
    WatchResponse created = got.poll(10, TimeUnit.SECONDS);
    assertThat(created.getCreated()).isTrue();
    assertThat(created.getCanceled()).isFalse();
    c.kv().put(put("w", "1"));
    WatchResponse event = got.poll(10, TimeUnit.SECONDS);
    assertThat(event.getEventsList()).hasSize(1);
    stream.onCompleted();
  }

  static <T> StreamObserver<T> collector(BlockingQueue<T> q) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T v) {
        q.add(v);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
