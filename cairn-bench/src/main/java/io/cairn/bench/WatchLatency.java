package io.cairn.bench;

import com.google.protobuf.ByteString;
import io.cairn.api.Event;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * etcd benchmark's watch-latency: watchers on one key spread over streams, puts to that key at a fixed
 * rate, and the latency from sending each put to each watcher receiving its event.
 */
@Command(name = "watch-latency", mixinStandardHelpOptions = true,
    description = "Put->event latency for watchers on one key (etcd benchmark watch-latency). "
        + "--total is the number of puts (default --rate x --duration), --rate the put rate (default 100).")
final class WatchLatency implements Callable<Integer> {
  @Mixin Main.Common common = new Main.Common();
  @Option(names = "--streams", defaultValue = "10", description = "watch streams (spread over --conns)")
  int streams;
  @Option(names = "--watchers-per-stream", defaultValue = "10", description = "watchers per stream")
  int watchersPerStream;
  @Option(names = "--val-size", defaultValue = "32", description = "value size in bytes (>= 8)")
  int valSize;

  @Override
  public Integer call() throws Exception {
    double rate = common.rate > 0 ? common.rate : 100;
    long puts = common.total > 0 ? common.total : (long) Math.max(1, rate * (common.duration > 0 ? common.duration : 10));
    long watchers = (long) streams * watchersPerStream;
    long expected = puts * watchers;
    ByteString key = ByteString.copyFromUtf8("watchlatency-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    AtomicLongArray sentAt = new AtomicLongArray((int) puts);
    Recorder events = new Recorder(3);
    Recorder putLatency = new Recorder(3);
    AtomicLong received = new AtomicLong();
    AtomicLong putErrors = new AtomicLong();
    AtomicLong lastEvent = new AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch created = new CountDownLatch((int) watchers);
    CountDownLatch allEvents = new CountDownLatch(1);
    List<StreamObserver<WatchRequest>> requestStreams = new ArrayList<>();

    try (Connections conns = Connections.open(common.endpoints, common.conns, common.targetLeader)) {
      for (int s = 0; s < streams; s++) {
        StreamObserver<WatchRequest> req = WatchGrpc.newStub(conns.channel(s)).watch(new StreamObserver<>() {
          @Override
          public void onNext(WatchResponse r) {
            if (r.getCreated()) {
              created.countDown();
            }
            long now = System.nanoTime();
            for (Event e : r.getEventsList()) {
              if (e.getType() != Event.EventType.PUT || e.getKv().getValue().size() < 8) {
                continue;
              }
              long seq = e.getKv().getValue().asReadOnlyByteBuffer().getLong(0);
              if (seq >= 0 && seq < puts) {
                events.recordValue(Math.max(1, (now - sentAt.get((int) seq)) / 1000));
              }
              lastEvent.set(now);
              if (received.incrementAndGet() == expected) {
                allEvents.countDown();
              }
            }
          }

          @Override
          public void onError(Throwable t) {
            if (!closing.get()) System.err.println("watch stream error: " + t);
          }

          @Override
          public void onCompleted() { }
        });
        requestStreams.add(req);
        for (int w = 0; w < watchersPerStream; w++) {
          req.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder().setKey(key)).build());
        }
      }
      if (!created.await(60, TimeUnit.SECONDS)) {
        System.err.println("watch-latency: only " + (watchers - created.getCount()) + " of " + watchers
            + " watchers created");
        return 1;
      }

      KVGrpc.KVStub kv = KVGrpc.newStub(conns.channel(0));
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      AtomicLong next = new AtomicLong();
      CountDownLatch putsDone = new CountDownLatch((int) puts);
      long start = System.nanoTime();
      ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
        long seq = next.getAndIncrement();
        if (seq >= puts) {
          return;
        }
        ByteBuffer v = ByteBuffer.allocate(Math.max(8, valSize));
        v.putLong(0, seq);
        long t0 = System.nanoTime();
        sentAt.set((int) seq, t0);
        kv.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(v.array())).build(),
            Runner.observer(err -> {
              if (err == null) {
                putLatency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
              } else {
                putErrors.incrementAndGet();
              }
              putsDone.countDown();
            }));
      }, 0, Math.max(1, (long) (1e9 / rate)), TimeUnit.NANOSECONDS);
      putsDone.await();
      task.cancel(false);
      scheduler.shutdownNow();
      allEvents.await(10, TimeUnit.SECONDS);
      long end = Math.max(lastEvent.get(), start + 1);
      closing.set(true);
      for (StreamObserver<WatchRequest> r : requestStreams) {
        try {
          r.onCompleted();
        } catch (RuntimeException ignored) {
          // stream already failed
        }
      }
      Histogram h = events.getIntervalHistogram();
      Histogram p = putLatency.getIntervalHistogram();
      String note = String.format(java.util.Locale.ROOT,
          "%d streams x %d watchers, %d puts at %.0f/s (%d put errors, put p99 %.3f ms), events %d of %d expected;"
              + " ops = events delivered",
          streams, watchersPerStream, puts, rate, putErrors.get(),
          p.getTotalCount() == 0 ? 0 : p.getValueAtPercentile(99) / 1000.0, received.get(), expected);
      Result res = new Result("watch-latency", conns.target, common.conns, (int) watchers, received.get(),
          expected - received.get(), (end - start) / 1e9, h, note);
      System.out.println(common.json ? res.json() : res.table());
      return received.get() > 0 ? 0 : 1;
    }
  }
}
