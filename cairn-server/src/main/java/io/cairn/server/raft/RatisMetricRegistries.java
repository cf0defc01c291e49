package io.cairn.server.raft;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis's metric registries, in place of ratis-metrics-default's Dropwizard ones (Ratis loads this
 * class through {@code META-INF/services}). Cairn serves etcd's metrics, not Ratis's, so of Ratis's
 * timers only two are heard, by the member whose engine runs them: the log worker's {@code syncTime}
 * (write and fsync of the log, etcd's WAL fdatasync) and the log appender's heartbeat latency per
 * follower (etcd's peer round-trip time). Every other timer costs two clock reads, where a
 * Dropwizard timer updates a decaying reservoir under a lock on each put. Counters and gauges are
 * kept for Ratis itself, which reads none of them back through here.
 */
public final class RatisMetricRegistries extends MetricRegistries {
  /** The log worker's timer of a log flush: buffer written out, then {@code FileChannel.force}. */
  static final String LOG_WORKER = "log_worker";
  static final String LOG_SYNC_TIMER = "syncTime";
  /** The gRPC log appender's heartbeat timer: {@code <follower>_latency_heartbeat}. */
  static final String LOG_APPENDER = "log_appender";
  static final String HEARTBEAT_TIMER_SUFFIX = "_latency_heartbeat";

  /** Keyed by the listening member's Raft peer ID. */
  private static final ConcurrentMap<String, RaftTimings> LISTENERS = new ConcurrentHashMap<>();

  private final Map<MetricRegistryInfo, Registry> registries = new HashMap<>();
  private final Map<MetricRegistryInfo, Integer> references = new HashMap<>();

  /** From now on, the timings of the engine running as {@code self} go to {@code timings}. */
  static void listen(RaftPeerId self, RaftTimings timings) {
    LISTENERS.put(self.toString(), timings);
  }

  /** Stops what {@link #listen} started, unless another listener has replaced it since. */
  static void stopListening(RaftPeerId self, RaftTimings timings) {
    LISTENERS.remove(self.toString(), timings);
  }

  @Override
  public synchronized RatisMetricRegistry create(MetricRegistryInfo info) {
    references.merge(info, 1, Integer::sum);
    return registries.computeIfAbsent(info, Registry::new);
  }

  @Override
  public synchronized boolean remove(MetricRegistryInfo info) {
    Integer left = references.computeIfPresent(info, (k, n) -> n == 1 ? null : n - 1);
    if (left == null) {
      return registries.remove(info) != null;
    }
    return false;
  }

  @Override
  public synchronized Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
    return Optional.ofNullable(registries.get(info));
  }

  @Override
  public synchronized Set<MetricRegistryInfo> getMetricRegistryInfos() {
    return Set.copyOf(registries.keySet());
  }

  @Override
  public synchronized Collection<RatisMetricRegistry> getMetricRegistries() {
    return List.copyOf(registries.values());
  }

  @Override
  public synchronized void clear() {
    registries.clear();
    references.clear();
  }

  @Override
  public void addReporterRegistration(Consumer<RatisMetricRegistry> reporter,
      Consumer<RatisMetricRegistry> stopReporter) {
    throw notReported();
  }

  @Override
  public void enableJmxReporter() {
    throw notReported();
  }

  @Override
  public void enableConsoleReporter(TimeDuration consolePeriod) {
    throw notReported();
  }

  private static UnsupportedOperationException notReported() {
    return new UnsupportedOperationException(
        "Ratis's metrics are not reported: a member serves etcd's metrics on /metrics");
  }

  /** One engine component's metrics; its prefix is the member's {@code <peer>@<group>}. */
  private static final class Registry implements RatisMetricRegistry {
    private final MetricRegistryInfo info;
    private final String owner;
    private final ConcurrentMap<String, Object> metrics = new ConcurrentHashMap<>();

    Registry(MetricRegistryInfo info) {
      this.info = info;
      String prefix = info.getPrefix();
      int at = prefix.indexOf('@');
      this.owner = at < 0 ? prefix : prefix.substring(0, at);
    }

    @Override
    public Timekeeper timer(String name) {
      return (Timekeeper) metrics.computeIfAbsent(name, n -> new Timer(heard(n)));
    }

    /** Where a timer's durations go: to the owner's listener, or nowhere. */
    private LongConsumer heard(String name) {
      String component = info.getMetricsComponentName();
      if (component.equals(LOG_WORKER) && name.equals(LOG_SYNC_TIMER)) {
        return toOwner(RaftTimings::logSynced);
      }
      if (component.equals(LOG_APPENDER) && name.endsWith(HEARTBEAT_TIMER_SUFFIX)) {
        long follower;
        try {
          follower = RatisRaftNode.memberId(RaftPeerId.valueOf(
              name.substring(0, name.length() - HEARTBEAT_TIMER_SUFFIX.length())));
        } catch (NumberFormatException notAMember) {
          return null; // a timer this class does not know: Ratis's appender must not fail on it
        }
        return toOwner((t, nanos) -> t.heartbeatAnswered(follower, nanos));
      }
      return null;
    }

    /** The owner's listener at the time of each duration: members start and stop in between. */
    private LongConsumer toOwner(ObjLongConsumer<RaftTimings> event) {
      return nanos -> {
        RaftTimings t = LISTENERS.get(owner);
        if (t != null) {
          event.accept(t, nanos);
        }
      };
    }

    @Override
    public LongCounter counter(String name) {
      return (LongCounter) metrics.computeIfAbsent(name, n -> new Counter());
    }

    @Override
    public <T> void gauge(String name, Supplier<Supplier<T>> gauge) {
      metrics.put(name, gauge);
    }

    @Override
    public boolean remove(String name) {
      return metrics.remove(name) != null;
    }

    @Override
    public MetricRegistryInfo getMetricRegistryInfo() {
      return info;
    }
  }

  private static final class Timer implements Timekeeper {
    /** Null when nobody hears this timer. */
    private final LongConsumer heard;

    Timer(LongConsumer heard) {
      this.heard = heard;
    }

    @Override
    public Context time() {
      long start = System.nanoTime();
      return () -> {
        long took = System.nanoTime() - start;
        if (heard != null) {
          heard.accept(took);
        }
        return took;
      };
    }
  }

  private static final class Counter implements LongCounter {
    private final LongAdder count = new LongAdder();

    @Override
    public void inc(long n) {
      count.add(n);
    }

    @Override
    public void dec(long n) {
      count.add(-n);
    }

    @Override
    public long getCount() {
      return count.sum();
    }
  }
}
