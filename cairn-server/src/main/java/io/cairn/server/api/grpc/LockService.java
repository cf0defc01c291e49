package io.cairn.server.api.grpc;

import io.cairn.api.lock.LockGrpc;
import io.cairn.api.lock.LockRequest;
import io.cairn.api.lock.LockResponse;
import io.cairn.api.lock.UnlockRequest;
import io.cairn.api.lock.UnlockResponse;
import io.cairn.server.concurrency.Locks;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * etcd's v3lock.Lock service; failures reach clients as etcd's do ({@link GrpcErrors#relayed}).
 */
public final class LockService extends LockGrpc.LockImplBase {
  /** The lock recipe acting for the current call's sender (etcd's runs through a client with it). */
  private final Supplier<Locks> locks;

  public LockService(Supplier<Locks> locks) {
    this.locks = locks;
  }

  @Override
  public void lock(LockRequest r, StreamObserver<LockResponse> out) {
    GrpcErrors.replyRelayed(locks.get().lock(r, CallCancellation.ofCurrentCall()), out);
  }

  @Override
  public void unlock(UnlockRequest r, StreamObserver<UnlockResponse> out) {
    GrpcErrors.replyRelayed(locks.get().unlock(r), out);
  }
}
