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
    assertThat(executorFor(RaftServerProtocolServiceGrpc.getAppendEntriesMethod())).isNotNull();
    assertThat(executorFor(RaftServerProtocolServiceGrpc.getReadIndexMethod())).isNotNull();
  }

  @Test
  void callsThatMayBlockKeepTheExecutor() {
    // Ratis's handler blocks until its client executor takes the request in (see PeerCalls)
    assertThat(executorFor(RaftClientProtocolServiceGrpc.getOrderedMethod())).isNull();
    assertThat(executorFor(RaftClientProtocolServiceGrpc.getUnorderedMethod())).isNull();
    assertThat(executorFor(RaftServerProtocolServiceGrpc.getRequestVoteMethod())).isNull();
    assertThat(executorFor(RaftServerProtocolServiceGrpc.getInstallSnapshotMethod())).isNull();
    assertThat(executorFor(AdminProtocolServiceGrpc.getSnapshotManagementMethod())).isNull();
  }

  private java.util.concurrent.Executor executorFor(MethodDescriptor<?, ?> method) {
    return calls.getExecutor(call(method), new Metadata());
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
