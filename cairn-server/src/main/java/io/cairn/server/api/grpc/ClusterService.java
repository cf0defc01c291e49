package io.cairn.server.api.grpc;

import io.cairn.api.ClusterGrpc;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberAddResponse;
import io.cairn.api.MemberListRequest;
import io.cairn.api.MemberListResponse;
import io.cairn.api.MemberPromoteRequest;
import io.cairn.api.MemberPromoteResponse;
import io.cairn.api.MemberRemoveRequest;
import io.cairn.api.MemberRemoveResponse;
import io.cairn.api.MemberUpdateRequest;
import io.cairn.api.MemberUpdateResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.server.core.EtcdServer;
import io.cairn.server.membership.Member;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's Cluster service. Membership responses carry no revision in their header, as in etcd;
 * changing the membership needs root once auth is enabled.
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final EtcdServer server;

  public ClusterService(EtcdServer server) {
    this.server = server;
  }

  private ResponseHeader header() {
    return server.header(0);
  }

  private List<io.cairn.api.Member> members() {
    List<io.cairn.api.Member> out = new ArrayList<>();
    for (Member m : server.members()) {
      out.add(toProto(m));
    }
    return out;
  }

  private static io.cairn.api.Member toProto(Member m) {
    return io.cairn.api.Member.newBuilder()
        .setID(m.id())
        .setName(m.name())
        .addAllPeerURLs(m.peerUrls())
        .addAllClientURLs(m.clientUrls())
        .setIsLearner(m.isLearner())
        .build();
  }

  @Override
  public void memberList(MemberListRequest r, StreamObserver<MemberListResponse> out) {
    GrpcErrors.replyNow(() -> MemberListResponse.newBuilder().setHeader(header())
        .addAllMembers(members()).build(), out);
  }

  @Override
  public void memberAdd(MemberAddRequest r, StreamObserver<MemberAddResponse> out) {
    if (!GrpcErrors.permitted(server::checkAdmin, out)) {
      return;
    }
    GrpcErrors.reply(server.memberAdd(r.getPeerURLsList(), r.getIsLearner()).thenApply(added -> {
      Member m = added.get(0);
      return MemberAddResponse.newBuilder().setHeader(header())
          .setMember(io.cairn.api.Member.newBuilder().setID(m.id()).addAllPeerURLs(m.peerUrls())
              .setIsLearner(m.isLearner()))
          .addAllMembers(members()).build();
    }), out);
  }

  @Override
  public void memberRemove(MemberRemoveRequest r, StreamObserver<MemberRemoveResponse> out) {
    if (!GrpcErrors.permitted(server::checkAdmin, out)) {
      return;
    }
    GrpcErrors.reply(server.memberRemove(r.getID()).thenApply(v ->
        MemberRemoveResponse.newBuilder().setHeader(header()).addAllMembers(members()).build()), out);
  }

  @Override
  public void memberUpdate(MemberUpdateRequest r, StreamObserver<MemberUpdateResponse> out) {
    if (!GrpcErrors.permitted(server::checkAdmin, out)) {
      return;
    }
    GrpcErrors.reply(server.memberUpdate(r.getID(), r.getPeerURLsList()).thenApply(v ->
        MemberUpdateResponse.newBuilder().setHeader(header()).addAllMembers(members()).build()), out);
  }

  /**
   * Only the leader knows whether a learner is in sync, so a follower passes the request on to the
   * leader's client URL, as etcd forwards it over its peer API.
   */
  @Override
  public void memberPromote(MemberPromoteRequest r, StreamObserver<MemberPromoteResponse> out) {
    if (!GrpcErrors.permitted(server::checkAdmin, out)) {
      return;
    }
    long leader = server.raftStatus().leaderId();
    if (!server.raftStatus().isLeader() && leader != 0) {
      java.util.Optional<Member> lm = server.memberStore().member(leader);
      if (lm.isPresent() && !lm.get().clientUrls().isEmpty()) {
        forwardPromote(URI.create(lm.get().clientUrls().get(0)), r, out);
        return;
      }
    }
    GrpcErrors.reply(server.memberPromote(r.getID()).thenApply(v ->
        MemberPromoteResponse.newBuilder().setHeader(header()).addAllMembers(members()).build()), out);
  }

  private void forwardPromote(URI leader, MemberPromoteRequest r,
      StreamObserver<MemberPromoteResponse> out) {
    ManagedChannel ch = NettyChannelBuilder.forAddress(leader.getHost(), leader.getPort())
        .usePlaintext().build();
    ClusterGrpc.newStub(ch).withDeadlineAfter(server.config().requestTimeoutMs(),
        TimeUnit.MILLISECONDS).memberPromote(r, new StreamObserver<>() {
          @Override
          public void onNext(MemberPromoteResponse resp) {
            out.onNext(resp.toBuilder().setHeader(header()).build());
          }

          @Override
          public void onError(Throwable t) {
            ch.shutdown();
            out.onError(t);
          }

          @Override
          public void onCompleted() {
            ch.shutdown();
            out.onCompleted();
          }
        });
  }
}
