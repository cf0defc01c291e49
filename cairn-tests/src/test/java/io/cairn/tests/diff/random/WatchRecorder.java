package io.cairn.tests.diff.random;

import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One watch stream of a sequence, recording everything the server sends. Answers to the client's own
 * requests (created, canceled on request, progress) go to a queue its step waits on; events and
 * cancellations the server decides (a compacted start revision) are compared per watcher once the
 * sequence has ended, as streams of events: how a server batches events into responses is its own.
 */
final class WatchRecorder implements StreamObserver<WatchResponse> {
  private final StreamObserver<WatchRequest> requests;
  private final BlockingQueue<WatchResponse> answers = new LinkedBlockingQueue<>();
  private final List<WatchResponse> unasked = new ArrayList<>(); // guarded by this
  private volatile long lastArrival = System.nanoTime();
  private volatile Status error;

  WatchRecorder(WatchGrpc.WatchStub stub) {
    this.requests = stub.watch(this);
  }

  /** Sends a request and waits for the server's answer to it, if it sends one. */
  WatchResponse send(WatchRequest r, long timeoutMillis) throws InterruptedException {
    requests.onNext(r);
    return answers.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Answers to requests: created, canceled without a compaction, progress (watch ID -1). */
  private static boolean isAnswer(WatchResponse r) {
    return r.getCreated() || (r.getEventsCount() == 0 && r.getCompactRevision() == 0
        && (r.getCanceled() || r.getWatchId() == -1));
  }

  @Override
  public void onNext(WatchResponse r) {
    lastArrival = System.nanoTime();
    if (isAnswer(r)) {
      answers.add(r);
    } else {
      synchronized (this) {
        unasked.add(r);
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    error = Status.fromThrowable(t);
    lastArrival = System.nanoTime();
  }

  @Override
  public void onCompleted() {
    lastArrival = System.nanoTime();
  }

  long lastArrivalNanos() {
    return lastArrival;
  }

  /** Per watch ID, the events and server-side cancellations, each normalised to a line. */
  synchronized Map<Long, List<String>> eventsByWatcher(LeaseIds leases) {
    Map<Long, List<String>> out = new TreeMap<>(); // how watchers interleave is timing
    for (WatchResponse r : unasked) {
      List<String> lines = out.computeIfAbsent(r.getWatchId(), k -> new ArrayList<>());
      r.getEventsList().forEach(e -> lines.add(Messages.text(leases.symbolic(e))));
      if (r.getCanceled()) {
        lines.add("canceled compact_revision=" + r.getCompactRevision() + " reason="
            + r.getCancelReason());
      }
    }
    if (error != null) {
      out.put(Long.MIN_VALUE, List.of("stream failed: " + error.getCode() + ": "
          + error.getDescription()));
    }
    return out;
  }

  /** Answers that came after their step stopped waiting for them. */
  List<String> lateAnswers() {
    List<String> late = new ArrayList<>();
    for (WatchResponse r; (r = answers.poll()) != null; ) {
      late.add(Messages.text(ResponseNormalizer.withoutIds(r)));
    }
    return late;
  }

  void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException ignored) {
      // the stream has failed already; its error is recorded
    }
  }
}
