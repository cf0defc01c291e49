package io.cairn.bench;

import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Closed-loop clients as in etcd's benchmark tool: each client has at most one request outstanding
 * and sends the next one from the previous one's completion callback (no thread per client).
 * A shared rate limiter (--rate) spaces request starts; --total or --duration ends the run.
 */
final class Runner {

  /** One request kind. {@code issue} sends a request for {@code client} and calls {@code done} once. */
  interface Op {
    void issue(int client, Consumer<Throwable> done);
  }

  /** Adapts a unary async call's observer to a single completion callback. */
  static <T> StreamObserver<T> observer(Consumer<Throwable> done) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { }
      @Override public void onError(Throwable t) { done.accept(t == null ? new RuntimeException("error") : t); }
      @Override public void onCompleted() { done.accept(null); }
    };
  }

  private final int clients;
  private final long total;
  private final long durationNanos;
  private final double rate;

  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong nextSlot = new AtomicLong();
  private final Recorder recorder = new Recorder(3);
  private volatile Throwable firstError;
  private long intervalNanos;
  private long deadline;
  private CountDownLatch finished;
  private ScheduledExecutorService scheduler;

  Runner(int clients, long total, double durationSeconds, double rate) {
    this.clients = clients;
    this.total = total;
    this.durationNanos = (long) (durationSeconds * 1e9);
    this.rate = rate;
  }

  long errors() {
    return errors.get();
  }

  /** Runs to completion; returns completed op count, elapsed seconds and the latency histogram. */
  Outcome run(Op op) throws InterruptedException {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-scheduler");
      t.setDaemon(true);
      return t;
    });
    finished = new CountDownLatch(clients);
    intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
    long start = System.nanoTime();
    nextSlot.set(start);
    deadline = durationNanos > 0 ? start + durationNanos : Long.MAX_VALUE;
    recorder.reset();
    for (int c = 0; c < clients; c++) {
      final int client = c;
      scheduler.execute(() -> next(op, client));
    }
    finished.await();
    long end = System.nanoTime();
    scheduler.shutdownNow();
    Histogram h = recorder.getIntervalHistogram();
    return new Outcome(completed.get() - errors.get(), errors.get(), (end - start) / 1e9, h, firstError);
  }

  record Outcome(long ops, long errors, double seconds, Histogram histogram, Throwable firstError) { }

  private void next(Op op, int client) {
    long now = System.nanoTime();
    if (now >= deadline || (total > 0 && issued.getAndIncrement() >= total)) {
      finished.countDown();
      return;
    }
    if (intervalNanos > 0) {
      // like a token bucket with burst 1 (Go's rate.Limiter in etcd's tool): a slot in the past is
      // moved to now, so a slow phase is not followed by a catch-up burst
      long slot;
      while (true) {
        long cur = nextSlot.get();
        slot = Math.max(cur, now);
        if (nextSlot.compareAndSet(cur, slot + intervalNanos)) {
          break;
        }
      }
      long wait = slot - now;
      if (wait > 0) {
        scheduler.schedule(() -> send(op, client), wait, TimeUnit.NANOSECONDS);
        return;
      }
    }
    send(op, client);
  }

  private void send(Op op, int client) {
    final long t0 = System.nanoTime();
    try {
      op.issue(client, err -> {
        long dt = System.nanoTime() - t0;
        completed.incrementAndGet();
        if (err == null) {
          recorder.recordValue(Math.max(1, dt / 1000));
          next(op, client);
        } else {
          errors.incrementAndGet();
          noteError(err);
          // do not recurse on immediate failures; back off a little
          scheduler.schedule(() -> next(op, client), 10, TimeUnit.MILLISECONDS);
        }
      });
    } catch (RuntimeException e) {
      if (firstError == null) {
        firstError = e;
      }
      completed.incrementAndGet();
      errors.incrementAndGet();
      scheduler.schedule(() -> next(op, client), 10, TimeUnit.MILLISECONDS);
    }
  }

  void noteError(Throwable t) {
    if (firstError == null) {
      firstError = t;
    }
  }
}
