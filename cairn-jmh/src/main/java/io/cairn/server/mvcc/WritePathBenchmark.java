package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One write request through MVCC as the apply thread runs it (begin, put, commit the RocksDB batch,
 * end), and a linearizable-path read of one key, on a real RocksDB holding 100,000 keys of 256 bytes.
 * No Raft and no fsync here (the Raft log is the WAL): this is the state machine's own cost per put.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WritePathBenchmark {
  private static final int KEYS = 100_000;

  private Path dir;
  private RocksBackend backend;
  private KvStore store;
  private ByteString[] names;
  private ByteString value;

  @Setup
  public void open() throws IOException {
    dir = Files.createTempDirectory("cairn-jmh-mvcc");
    backend = new RocksBackend(dir);
    store = new KvStore(backend, KeyLeaseListener.NONE);
    names = new ByteString[KEYS];
    byte[] v = new byte[256];
    ThreadLocalRandom.current().nextBytes(v);
    value = ByteString.copyFrom(v);
    for (int i = 0; i < KEYS; i++) {
      names[i] = KeyIndexBenchmark.name(i);
    }
    for (int from = 0; from < KEYS; from += 1000) {
      try (BatchTx batch = backend.newBatch()) {
        long begin = store.currentRevision();
        java.util.Map<ByteString, byte[]> written = new java.util.HashMap<>();
        for (int i = from; i < from + 1000; i++) {
          WriteTxn txn = store.beginWrite(batch, begin, written);
          txn.put(names[i], value, 0, false);
          begin = txn.end();
        }
        batch.commit();
        store.publish(begin);
      }
    }
  }

  @TearDown
  public void close() throws IOException {
    backend.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private ByteString randomKey() {
    return names[ThreadLocalRandom.current().nextInt(KEYS)];
  }

  @Benchmark
  public long put() {
    try (BatchTx batch = backend.newBatch()) {
      WriteTxn txn = store.beginWrite(batch);
      txn.put(randomKey(), value, 0, false);
      batch.commit();
      long rev = txn.end();
      store.publish(rev);
      return rev;
    }
  }

  @Benchmark
  public RangeResult rangeOneKey() {
    return store.range(randomKey(), ByteString.EMPTY, 0, 0, false);
  }
}
