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
 * etcd benchmark's watch-latency (and, with {@code --watched-key-total} above 1, its watch workload):
 * watchers spread over streams and over the watched keys (watcher i on key i mod keys), puts to the
 * keys in turn at a fixed rate; ops are events delivered, latency is from sending each put to each
 * watcher receiving its event.
 */
@Command(name = "watch-latency", aliases = "watch", mixinStandardHelpOptions = true,
    description = "Put->event latency and event delivery for watchers (etcd benchmark watch-latency / watch). "
        + "--total is the number of puts (default --rate x --duration), --rate the put rate (default 100).")
final class WatchLatency implements Callable<Integer> {
  @Mixin Main.Common common = new Main.Common();
  @Option(names = "--streams", defaultValue = "10", description = "watch streams (spread over --conns)")
  int streams;
  @Option(names = "--watchers-per-stream", defaultValue = "10", description = "watchers per stream")
  int watchersPerStream;
  @Option(names = "--val-size", defaultValue = "32", description = "value size in bytes (>= 8)")
  int valSize;
  @Option(names = "--watched-key-total", defaultValue = "1", description = "distinct keys watched and put")
  int watchedKeys;

  /** Events due when put i goes to key i mod keys and watcher j watches key j mod keys. */
  static long expectedEvents(long puts, long watchers, int keys) {
    long events = 0;
    for (int k = 0; k < keys; k++) {
      long putsToKey = puts / keys + (k < puts % keys ? 1 : 0);
      long watchersOfKey = watchers / keys + (k < watchers % keys ? 1 : 0);
      events += putsToKey * watchersOfKey;
    }
    return events;
  }

  @Override
  public Integer call() throws Exception {
    double rate = common.rate > 0 ? common.rate : 100;
    long puts = common.total > 0 ? common.total : (long) Math.max(1, rate * (common.duration > 0 ? common.duration : 10));
    long watchers = (long) streams * watchersPerStream;
    int keyCount = (int) Math.max(1, Math.min(watchedKeys, watchers));
    String prefix = "watchlatency-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    ByteString[] keys = new ByteString[keyCount];
    for (int k = 0; k < keyCount; k++) {
      keys[k] = ByteString.copyFromUtf8(prefix + k);
    }
    long expected = expectedEvents(puts, watchers, keyCount);
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
          ByteString key = keys[(int) (((long) s * watchersPerStream + w) % keyCount)];
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
      ProcessCpu cpu = new ProcessCpu(common.cpuOf);
      cpu.start();
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
        kv.put(PutRequest.newBuilder().setKey(keys[(int) (seq % keyCount)]).setValue(ByteString.copyFrom(v.array())).build(),
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
      cpu.stop();
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
          "%d streams x %d watchers on %d keys, %d puts at %.0f/s (%d put errors, put p99 %.3f ms), events %d of %d expected;"
              + " ops = events delivered",
          streams, watchersPerStream, keyCount, puts, rate, putErrors.get(),
          p.getTotalCount() == 0 ? 0 : p.getValueAtPercentile(99) / 1000.0, received.get(), expected);
      Result res = new Result("watch-latency", conns.target, common.conns, (int) watchers, received.get(),
          expected - received.get(), (end - start) / 1e9, h, note, cpu.jsonPerOp(received.get()));
      System.out.println(common.json ? res.json() : res.table());
      return received.get() > 0 ? 0 : 1;
    }
  }
}
