package io.cairn.cli;

import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.StreamQueue;
import io.grpc.stub.StreamObserver;

/**
 * One watch read the way clientv3/concurrency reads a watch channel: responses carrying events, in
 * order, until the channel closes, and the error it closed with; a stop signal cancels it as the
 * command's context would. The created notification is not delivered, as in clientv3.
 */
final class KeyWatch implements AutoCloseable {
  private static final long SIGNAL_CHECK_NANOS = 50_000_000L;

  private final StreamQueue<WatchResponse> responses = new StreamQueue<>();
  private final StreamObserver<WatchRequest> requests;
  private final Interrupts interrupts;
  /** clientv3's WatchResponse.Err() of the response that ended the watch, or the stream's error. */
  private String error;

  KeyWatch(EtcdClient client, WatchCreateRequest create, Interrupts interrupts) {
    this.interrupts = interrupts;
    this.requests = client.watch().watch(responses);
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
  }

  /**
   * The next response with events, or null when the watch has ended ({@link #error()} says why).
   * Throws "context canceled" when a stop signal comes first.
   */
  WatchResponse next() throws InterruptedException {
    while (error == null) {
      interrupts.throwIfFired();
      StreamQueue.Next<WatchResponse> next = responses.poll(SIGNAL_CHECK_NANOS);
      if (next == null) {
        continue;
      }
      if (next.ended()) {
        error = next.error() == null ? "" : io.cairn.cli.client.Errors.message(next.error());
      } else if (next.message().getCanceled()) {
        error = cancelError(next.message());
      } else if (next.message().getEventsCount() > 0) {
        return next.message();
      }
    }
    return null;
  }

  /** Why the watch ended: empty when the server closed it without an error. */
  String error() {
    return error;
  }

  @Override
  public void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException ignored) {
      // the stream already failed
    }
  }

  private static String cancelError(WatchResponse r) {
    if (r.getCompactRevision() != 0) {
      return "etcdserver: mvcc: required revision has been compacted";
    }
    return r.getCancelReason();
  }
}
