package io.cairn.server.api.grpc;

import io.cairn.api.election.CampaignRequest;
import io.cairn.api.election.CampaignResponse;
import io.cairn.api.election.ElectionGrpc;
import io.cairn.api.election.LeaderRequest;
import io.cairn.api.election.LeaderResponse;
import io.cairn.api.election.ProclaimRequest;
import io.cairn.api.election.ProclaimResponse;
import io.cairn.api.election.ResignRequest;
import io.cairn.api.election.ResignResponse;
import io.cairn.server.concurrency.Elections;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * etcd's v3election.Election service; failures reach clients as etcd's do ({@link
 * GrpcErrors#relayed}).
 */
public final class ElectionService extends ElectionGrpc.ElectionImplBase {
  /** The election recipe acting for the current call's sender. */
  private final Supplier<Elections> elections;

  public ElectionService(Supplier<Elections> elections) {
    this.elections = elections;
  }

  @Override
  public void campaign(CampaignRequest r, StreamObserver<CampaignResponse> out) {
    GrpcErrors.replyRelayed(elections.get().campaign(r, CallCancellation.ofCurrentCall()), out);
  }

  @Override
  public void proclaim(ProclaimRequest r, StreamObserver<ProclaimResponse> out) {
    GrpcErrors.replyRelayed(elections.get().proclaim(r), out);
  }

  @Override
  public void leader(LeaderRequest r, StreamObserver<LeaderResponse> out) {
    GrpcErrors.replyRelayed(elections.get().leader(r), out);
  }

  @Override
  public void resign(ResignRequest r, StreamObserver<ResignResponse> out) {
    GrpcErrors.replyRelayed(elections.get().resign(r), out);
  }

  /**
   * Sends are serialised: the recipe calls from one thread, the end from another. A failure of the
   * recipe's reads ends the stream without an error, as etcd's observe loop does.
   */
  @Override
  public void observe(LeaderRequest r, StreamObserver<LeaderResponse> out) {
    ServerCallStreamObserver<LeaderResponse> call = (ServerCallStreamObserver<LeaderResponse>) out;
    Object sending = new Object();
    boolean[] ended = {false};
    call.setOnCancelHandler(() -> {
      synchronized (sending) {
        ended[0] = true;
      }
    });
    elections.get().observe(r, resp -> {
      synchronized (sending) {
        if (!ended[0]) {
          call.onNext(resp);
        }
      }
    }, err -> {
      synchronized (sending) {
        if (!ended[0]) {
          ended[0] = true;
          call.onCompleted();
        }
      }
    }, CallCancellation.ofCurrentCall());
  }
}
