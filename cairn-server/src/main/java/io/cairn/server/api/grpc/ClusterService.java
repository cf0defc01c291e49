package io.cairn.server.api.grpc;

import io.cairn.server.core.EtcdServer;
import io.cairn.server.membership.Member;
import io.cairn.api.ClusterGrpc;
import io.cairn.api.MemberListRequest;
import io.cairn.api.MemberListResponse;
import io.grpc.stub.StreamObserver;

/** etcd's Cluster service. Membership changes arrive with multi-member support. */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final EtcdServer server;

  public ClusterService(EtcdServer server) {
    this.server = server;
  }

  @Override
  public void memberList(MemberListRequest r, StreamObserver<MemberListResponse> out) {
    GrpcErrors.replyNow(() -> {
      MemberListResponse.Builder resp = MemberListResponse.newBuilder()
          .setHeader(server.header(0)); // etcd's membership responses carry no revision
      for (Member m : server.members()) {
        resp.addMembers(io.cairn.api.Member.newBuilder()
            .setID(m.id())
            .setName(m.name())
            .addAllPeerURLs(m.peerUrls())
            .addAllClientURLs(m.clientUrls())
            .setIsLearner(m.isLearner()));
      }
      return resp.build();
    }, out);
  }
}
