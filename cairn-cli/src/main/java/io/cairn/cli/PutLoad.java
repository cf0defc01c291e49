package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.cli.client.Errors;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The write load of etcdctl's check commands: puts of random keys (the prefix, then a zero-filled
 * key of fixed size starting with a random varint) and zero-filled values, sent by a number of
 * concurrent clients as fast as a producer releases them, and pkg/report's statistics of the result.
 * The clients share one connection (etcdctl dials one per client).
 */
final class PutLoad {
  /** pkg/report's figures: requests/s (successes over the whole run), slowest and stddev in seconds. */
  record Stats(double rps, double slowest, double stddev, Map<String, Long> errors) {}

  /** Releases the next put, blocking until it may go; false when the load is over. */
  interface Producer {
    boolean next() throws InterruptedException;
  }

  private static final PutRequest END = PutRequest.getDefaultInstance();

  private final Channel channel;
  private final int clients;
  private final String prefix;
  private final int keySize;
  private final ByteString value;

  PutLoad(Channel channel, int clients, String prefix, int keySize, int valueSize) {
    this.channel = channel;
    this.clients = clients;
    this.prefix = prefix;
    this.keySize = keySize;
    this.value = ByteString.copyFrom(new byte[valueSize]);
  }

  /** Runs the load; {@code afterEach} is called once per finished put. */
  Stats run(Producer producer, Runnable afterEach) throws InterruptedException {
    BlockingQueue<PutRequest> requests = new ArrayBlockingQueue<>(clients);
    List<Worker> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Worker w = new Worker(requests, afterEach);
      workers.add(w);
      w.start();
    }
    while (producer.next()) {
      requests.put(PutRequest.newBuilder().setKey(randomKey()).setValue(value).build());
    }
    for (int i = 0; i < clients; i++) {
      requests.put(END);
    }
    List<Double> latencies = new ArrayList<>();
    Map<String, Long> errors = new TreeMap<>();
    for (Worker w : workers) {
      w.join();
      latencies.addAll(w.latencies);
      w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return stats(latencies, errors, seconds);
  }

  private static Stats stats(List<Double> latencies, Map<String, Long> errors, double seconds) {
    double sum = 0;
    double slowest = 0;
    for (double l : latencies) {
      sum += l;
      slowest = Math.max(slowest, l);
    }
    double average = sum / latencies.size();
    double squares = 0;
    for (double l : latencies) {
      squares += (l - average) * (l - average);
    }
    return new Stats(latencies.size() / seconds, slowest, Math.sqrt(squares / latencies.size()), errors);
  }

  /** binary.PutVarint of a random non-negative int63 at the start of a zero-filled key. */
  private ByteString randomKey() {
    byte[] key = new byte[keySize];
    long n = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
    long zigzag = n << 1;
    int i = 0;
    while ((zigzag & ~0x7FL) != 0) {
      key[i++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    key[i] = (byte) zigzag;
    return Keys.bytes(prefix).concat(ByteString.copyFrom(key));
  }

  /** One client: sends puts until the end marker, timing each. */
  private final class Worker extends Thread {
    private final BlockingQueue<PutRequest> requests;
    private final Runnable afterEach;
    private final List<Double> latencies = new ArrayList<>();
    private final Map<String, Long> errors = new TreeMap<>();

    Worker(BlockingQueue<PutRequest> requests, Runnable afterEach) {
      super("put-load");
      setDaemon(true);
      this.requests = requests;
      this.afterEach = afterEach;
    }

    @Override
    public void run() {
      KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(channel);
      try {
        for (PutRequest req = requests.take(); req != END; req = requests.take()) {
          long st = System.nanoTime();
          try {
            kv.put(req);
            latencies.add((System.nanoTime() - st) / 1e9);
          } catch (RuntimeException e) {
            errors.merge(Errors.message(e), 1L, Long::sum);
          }
          afterEach.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
