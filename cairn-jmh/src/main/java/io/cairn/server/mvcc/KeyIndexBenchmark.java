package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory key index (etcd's treeIndex) on the write path: the live-key lookup every put does,
 * an index update, and a one-key range, over a tree of {@code keys} keys shaped like Kubernetes'
 * ("/registry/pods/namespace-N/pod-M", ~40 bytes, long shared prefixes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyIndexBenchmark {
  @Param({"100000", "1000000"})
  int keys;

  private KeyIndexTree tree;
  private ByteString[] names;
  private long revision;

  static ByteString name(int i) {
    return ByteString.copyFrom("/registry/pods/namespace-" + (i % 100) + "/pod-" + i, StandardCharsets.UTF_8);
  }

  @Setup
  public void fill() {
    tree = new KeyIndexTree();
    names = new ByteString[keys];
    for (int i = 0; i < keys; i++) {
      names[i] = name(i);
      tree.put(names[i], ++revision, 0, 0);
    }
  }

  private ByteString randomKey() {
    return names[ThreadLocalRandom.current().nextInt(keys)];
  }

  @Benchmark
  public KeyIndex liveForWrite() {
    return tree.liveForWrite(randomKey());
  }

  @Benchmark
  public void put() {
    tree.put(randomKey(), ++revision, 0, 0);
  }

  @Benchmark
  public KeyIndexTree.Scan rangeOneKey() {
    return tree.range(randomKey(), ByteString.EMPTY, revision, 0, false);
  }
}
