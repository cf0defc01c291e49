package io.cairn.tests.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.HashKVRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts sent one at a time through one member in the background while a test breaks the cluster,
 * remembering the revision of every acknowledged put, so the test can check afterwards that no
 * acknowledged write was lost.
 */
public final class WriteLoad implements AutoCloseable {
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CompletableFuture<Void> running;

  /** Starts putting keys {@code prefix + i} (at most {@code max}) through the member. */
  public WriteLoad(MemberFlags through, String prefix, int max) {
    this(through.host(), through.clientPort(), prefix, max);
  }

  /** Starts putting keys {@code prefix + i} (at most {@code max}) through host:port. */
  public WriteLoad(String host, int clientPort, String prefix, int max) {
    this(host, clientPort, prefix, max, Duration.ZERO);
  }

  /** The same, with a pause after each put (a steady rate rather than the most the server takes). */
  public WriteLoad(String host, int clientPort, String prefix, int max, Duration pause) {
    running = OwnThreads.run("write-load-" + prefix, () -> {
      try (EtcdClients c = new EtcdClients(host, clientPort)) {
        for (int i = 0; i < max && !stop.get(); i++) {
          if (i > 0 && !pause.isZero()) {
            Thread.sleep(pause.toMillis());
          }
          try {
            acked.put(prefix + i, c.kv().put(PutRequest.newBuilder().setKey(bs(prefix + i))
                .setValue(bs("v")).build()).getHeader().getRevision());
          } catch (RuntimeException e) {
            // unacknowledged: may or may not be applied
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Every acknowledged put so far, key to revision (the test may add its own). */
  public Map<String, Long> acked() {
    return acked;
  }

  /** Waits until more than {@code more} further puts are acknowledged. */
  public void awaitProgress(int more, Duration timeout) {
    int before = acked.size();
    await().atMost(timeout).until(() -> acked.size() > before + more);
  }

  /** Stops the load and waits for its last put. */
  public void stop() {
    stop.set(true);
    running.orTimeout(60, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Each given member, once it has applied revision {@code rev}, holds every acknowledged put at its
   * revision, and all of them have the same HashKV at {@code rev}.
   */
  public void assertOnEveryMember(ClusterFixture cluster, Iterable<Integer> members, long rev)
      throws InterruptedException {
    Set<Integer> hashes = new HashSet<>();
    for (int i : members) {
      try (EtcdClients r = new EtcdClients(cluster.flags(i).host(), cluster.flags(i).clientPort())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> r.kv().range(RangeRequest.newBuilder()
            .setKey(bs("x")).setSerializable(true).build()).getHeader().getRevision() >= rev);
        assertThat(modRevisions(r, true)).as("member %d", i).containsAllEntriesOf(acked);
        hashes.add(r.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(rev).build())
            .getHash());
      }
    }
    assertThat(hashes).hasSize(1);
  }

  /**
   * Every key's mod revision as one member reads it (serializable: its own state), in the form of
   * {@link #acked()}, so that "no acknowledged write lost" is a containsAllEntriesOf.
   */
  public static Map<String, Long> modRevisions(EtcdClients c, boolean serializable) {
    Map<String, Long> found = new HashMap<>();
    c.kv().range(RangeRequest.newBuilder().setKey(bs("\0")).setRangeEnd(bs("\0"))
        .setSerializable(serializable).build()).getKvsList()
        .forEach(kv -> found.put(kv.getKey().toStringUtf8(), kv.getModRevision()));
    return found;
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
