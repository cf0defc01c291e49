package io.cairn.nemesis;

import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.nemesis.history.WatchEvent;
import io.cairn.nemesis.history.WatchLog;
import io.grpc.stub.StreamObserver;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A watcher on a prefix with prev_kv: when its stream breaks it resumes, on a random member, from
 * the revision after the last event it received.
 */
final class WatchWorker implements Runnable {
  private final Random random;
  private final Cluster cluster;
  private final WatchLog log;
  private final BooleanSupplier running;

  WatchWorker(long seed, Cluster cluster, WatchLog log, BooleanSupplier running) {
    this.random = new Random(seed);
    this.cluster = cluster;
    this.log = log;
    this.running = running;
  }

  static WatchEvent event(Event e) {
    KeyValue kv = e.getKv();
    boolean delete = e.getType() == Event.EventType.DELETE;
    KeyValue prev = e.hasPrevKv() ? e.getPrevKv() : null;
    return new WatchEvent(kv.getModRevision(), kv.getKey().toStringUtf8(),
        delete ? null : kv.getValue().toStringUtf8(), delete ? 0 : kv.getCreateRevision(),
        delete ? 0 : kv.getVersion(), prev == null ? null : prev.getValue().toStringUtf8(),
        prev == null ? 0 : prev.getModRevision());
  }

  static String rangeEnd(String prefix) {
    return prefix.isEmpty() ? "\0"
        : prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
  }

  /**
   * Opens one watch from {@code from} and feeds {@code sink} until the stream ends, it is
   * cancelled, or {@code until} returns false (checked every 200 ms).
   */
  static void watch(Cluster cluster, int member, String prefix, long from,
      java.util.function.Consumer<WatchEvent> sink, BooleanSupplier until) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    StreamObserver<WatchRequest> requests = WatchGrpc.newStub(cluster.clients(member).channel())
        .watch(new StreamObserver<>() {
          @Override
          public void onNext(WatchResponse r) {
            if (r.getCanceled()) {
              ended.complete(null);
            }
            for (Event e : r.getEventsList()) {
              sink.accept(event(e));
            }
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(null);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        });
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(KvWorker.bytes(prefix)).setRangeEnd(KvWorker.bytes(rangeEnd(prefix)))
        .setStartRevision(from).setPrevKv(true)).build());
    try {
      for (int i = 0; i < 10_000_000 && !ended.isDone() && until.getAsBoolean(); i++) {
        try {
          ended.get(200, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpen) {
          // check until() again
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException cannot) {
      // completed only normally
    } finally {
      requests.onError(io.grpc.Status.CANCELLED.asRuntimeException());
    }
  }

  @Override
  public void run() {
    int member = random.nextInt(cluster.size());
    for (int round = 0; round < 100_000 && running.getAsBoolean(); round++) {
      if (round > 0) {
        log.resumed();
        member = random.nextInt(cluster.size());
        KvWorker.pause(200);
      }
      watch(cluster, member, log.prefix(), log.nextRevision(), log::add, running);
    }
  }
}
