package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.HashKVRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
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
final class WriteLoad implements AutoCloseable {
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CompletableFuture<Void> running;

  /** Starts putting keys {@code prefix + i} (at most {@code max}) through the member. */
  WriteLoad(MemberFlags through, String prefix, int max) {
    running = CompletableFuture.runAsync(() -> {
      try (EtcdClients c = new EtcdClients(through.host(), through.clientPort())) {
        for (int i = 0; i < max && !stop.get(); i++) {
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
  Map<String, Long> acked() {
    return acked;
  }

  /** Waits until more than {@code more} further puts are acknowledged. */
  void awaitProgress(int more, Duration timeout) {
    int before = acked.size();
    await().atMost(timeout).until(() -> acked.size() > before + more);
  }

  /** Stops the load and waits for its last put. */
  void stop() {
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
  void assertOnEveryMember(ClusterFixture cluster, Iterable<Integer> members, long rev)
      throws InterruptedException {
    Set<Integer> hashes = new HashSet<>();
    for (int i : members) {
      try (EtcdClients r = new EtcdClients(cluster.flags(i).host(), cluster.flags(i).clientPort())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> r.kv().range(RangeRequest.newBuilder()
            .setKey(bs("x")).setSerializable(true).build()).getHeader().getRevision() >= rev);
        Map<String, Long> found = new HashMap<>();
        r.kv().range(RangeRequest.newBuilder().setKey(bs("\0")).setRangeEnd(bs("\0"))
            .setSerializable(true).build()).getKvsList()
            .forEach(kv -> found.put(kv.getKey().toStringUtf8(), kv.getModRevision()));
        assertThat(found).as("member %d", i).containsAllEntriesOf(acked);
        hashes.add(r.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(rev).build())
            .getHash());
      }
    }
    assertThat(hashes).hasSize(1);
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
