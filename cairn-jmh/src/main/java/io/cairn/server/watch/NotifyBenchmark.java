package io.cairn.server.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.mvcc.KeyLeaseListener;
import io.cairn.server.mvcc.KvStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The apply thread's watch notification for one put: {@code watchers} synced watchers spread over
 * 100 keys (so a put matches watchers/100 of them) plus {@code rangeWatchers} prefix watchers that
 * every event is checked against; sinks only count (the stream encoding is gRPC's, measured end to
 * end by cairn-bench watch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NotifyBenchmark {
  private static final int KEYS = 100;

  @Param({"1000", "10000"})
  int watchers;
  @Param({"0", "100"})
  int rangeWatchers;

  private Path dir;
  private RocksBackend backend;
  private WatchHub hub;
  private List<List<Event>> events;
  private long revision;
  private int next;

  /** Counts deliveries; always has capacity. */
  static final class CountingSink implements WatchSink {
    long sent;

    @Override
    public boolean hasCapacity() {
      return true;
    }

    @Override
    public void send(Watcher watcher, long revision, List<Event> events) {
      sent += events.size();
    }

    @Override
    public void compacted(Watcher watcher, long compactRevision) {
    }
  }

  private final CountingSink sink = new CountingSink();

  @SuppressWarnings("unchecked")
  @Setup
  public void open() throws IOException {
    dir = Files.createTempDirectory("cairn-jmh-watch");
    backend = new RocksBackend(dir);
    KvStore store = new KvStore(backend, KeyLeaseListener.NONE);
    hub = new WatchHub(store);
    revision = store.currentRevision();
    events = new java.util.ArrayList<>(KEYS);
    for (int k = 0; k < KEYS; k++) {
      ByteString key = ByteString.copyFromUtf8("/registry/configmaps/default/cm-" + k);
      events.add(List.of(Event.newBuilder().setType(Event.EventType.PUT)
          .setKv(KeyValue.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v")).setVersion(1)).build()));
    }
    for (int w = 0; w < watchers; w++) {
      ByteString key = events.get(w % KEYS).get(0).getKv().getKey();
      hub.watch(new Watcher(w, key, ByteString.EMPTY, false, false, false, false, false, sink), 0);
    }
    for (int w = 0; w < rangeWatchers; w++) {
      // prefixes that match nothing: the cost is the check, as for another resource type's watchers
      hub.watch(new Watcher(watchers + w, ByteString.copyFromUtf8("/registry/secrets/ns-" + w + "/"),
          ByteString.copyFromUtf8("/registry/secrets/ns-" + w + "0"), false, false, false, false, false, sink), 0);
    }
  }

  @TearDown
  public void close() throws IOException {
    hub.close();
    backend.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public void notifyOnePut(Blackhole bh) {
    hub.notify(++revision, events.get(next++ % KEYS));
    bh.consume(sink.sent);
  }
}
