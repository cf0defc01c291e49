package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ratis.proto.grpc.AdminProtocolServiceGrpc;
import org.apache.ratis.proto.grpc.RaftClientProtocolServiceGrpc;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.Attributes;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Raft's appends run on the transport thread; votes, snapshot installs and admin calls do not. */
class PeerCallsTest {
  private final PeerCalls calls = new PeerCalls();

  @Test
  void theMessagesOfEveryPutRunOnTheTransportThread() {
    assertThat(calls.getExecutor(call(RaftServerProtocolServiceGrpc.getAppendEntriesMethod()),
        new Metadata())).isNotNull();
    assertThat(calls.getExecutor(call(RaftClientProtocolServiceGrpc.getOrderedMethod()),
        new Metadata())).isNotNull();
  }

  @Test
  void callsThatWriteFilesKeepTheExecutor() {
    assertThat(calls.getExecutor(call(RaftServerProtocolServiceGrpc.getRequestVoteMethod()),
        new Metadata())).isNull();
    assertThat(calls.getExecutor(call(RaftServerProtocolServiceGrpc.getInstallSnapshotMethod()),
        new Metadata())).isNull();
    assertThat(calls.getExecutor(call(AdminProtocolServiceGrpc.getSnapshotManagementMethod()),
        new Metadata())).isNull();
  }

  private static <Q, R> ServerCall<Q, R> call(MethodDescriptor<Q, R> method) {
    return new ServerCall<>() {
      @Override
      public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
      }

      @Override
      public void request(int numMessages) {}

      @Override
      public void sendHeaders(Metadata headers) {}

      @Override
      public void sendMessage(R message) {}

      @Override
      public void close(Status status, Metadata trailers) {}

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public Attributes getAttributes() {
        return Attributes.EMPTY;
      }
    };
  }
}
