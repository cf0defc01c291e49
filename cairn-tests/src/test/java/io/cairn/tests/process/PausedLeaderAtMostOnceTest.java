package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.Event;
import io.cairn.api.HashKVRequest;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.ProcessCluster;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes in flight while the leader is frozen (SIGSTOP, as a long GC pause or a VM stall) and then
 * resumes are applied at most once: no unique key reaches version 2, no key goes back to an older
 * value, every acknowledged write is there, and all members agree. Several pauses per run, clients
 * on every member (so both the leader's own proposals and forwarded ones are in flight).
 */
class PausedLeaderAtMostOnceTest {
  private static final int CLIENTS = 5;
  private static final int PAUSES = 4;

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  /**
   * What one client did: acknowledged unique keys, the last acknowledged value of its own key, and
   * which of its own key's values (each operation's sequence number) were acknowledged or unknown.
   */
  private static final class ClientLog {
    final Set<String> ackedUnique = ConcurrentHashMap.newKeySet();
    final Map<String, Long> ackedSeq = new ConcurrentHashMap<>();
    final Set<Long> ownAcked = ConcurrentHashMap.newKeySet();
    final Set<Long> ownUnknown = ConcurrentHashMap.newKeySet();
    final AtomicInteger indeterminate = new AtomicInteger();
  }

  private static void clientLoop(MemberFlags f, int client, AtomicBoolean stop, ClientLog log) {
    Random random = new Random(client);
    try (EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
      long seq = 0;
      while (!stop.get()) {
        seq++;
        String ownKey = "own/" + client;
        String uniqueKey = "unique/" + client + "/" + seq;
        try {
          var kv = c.kv().withDeadlineAfter(3, TimeUnit.SECONDS);
          switch (random.nextInt(3)) {
            case 0 -> {
              kv.put(PutRequest.newBuilder().setKey(bs(uniqueKey)).setValue(bs("once")).build());
              log.ackedUnique.add(uniqueKey);
            }
            case 1 -> {
              log.ownUnknown.add(seq);
              kv.put(PutRequest.newBuilder().setKey(bs(ownKey)).setValue(bs(Long.toString(seq)))
                  .build());
              log.ownUnknown.remove(seq);
              log.ownAcked.add(seq);
              log.ackedSeq.put(ownKey, seq);
            }
            default -> {
              // compare-and-set of the client's own key, as a lock or a counter would do it
              Long last = log.ackedSeq.get(ownKey);
              Compare.Builder cmp = Compare.newBuilder().setKey(bs(ownKey));
              if (last == null) {
                cmp.setTarget(Compare.CompareTarget.VERSION).setResult(Compare.CompareResult.EQUAL)
                    .setVersion(0);
              } else {
                cmp.setTarget(Compare.CompareTarget.VALUE).setResult(Compare.CompareResult.EQUAL)
                    .setValue(bs(Long.toString(last)));
              }
              log.ownUnknown.add(seq);
              boolean ok = kv.txn(TxnRequest.newBuilder().addCompare(cmp)
                  .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                      .setKey(bs(ownKey)).setValue(bs(Long.toString(seq)))))
                  .build()).getSucceeded();
              log.ownUnknown.remove(seq);
              if (ok) {
                log.ownAcked.add(seq);
                log.ackedSeq.put(ownKey, seq);
              }
            }
          }
        } catch (StatusRuntimeException e) {
          // timed out or unavailable: the outcome is unknown to this client
          log.indeterminate.incrementAndGet();
          log.ackedSeq.remove("own/" + client); // the next CAS cannot know the value any more
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every event from revision 1 on, through one watch (nothing is compacted in this test). */
  private static List<Event> allEvents(MemberFlags f, long upTo) throws Exception {
    List<Event> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    try (EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
      StreamObserver<WatchRequest> w = c.watch().watch(new StreamObserver<>() {
        @Override
        public void onNext(WatchResponse r) {
          events.addAll(r.getEventsList());
          if (!events.isEmpty() && events.get(events.size() - 1).getKv().getModRevision() >= upTo) {
            done.complete(null);
          }
        }

        @Override
        public void onError(Throwable t) {
          done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {}
      });
      w.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
          .setKey(bs("\0")).setRangeEnd(bs("\0")).setStartRevision(1)).build());
      done.get(60, TimeUnit.SECONDS);
      w.onCompleted();
    }
    return events;
  }

  @Test
  void writesInFlightWhenTheLeaderPausesApplyAtMostOnce(@TempDir Path tmp) throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(3, tmp)) {
      AtomicBoolean stop = new AtomicBoolean();
      List<ClientLog> logs = new ArrayList<>();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        ClientLog log = new ClientLog();
        logs.add(log);
        MemberFlags f = cluster.flags(i % 3);
        int id = i;
        Thread t = new Thread(() -> clientLoop(f, id, stop, log), "client-" + i);
        t.start();
        clients.add(t);
      }
      Random random = new Random(42);
      try {
        for (int p = 0; p < PAUSES; p++) {
          Thread.sleep(1500);
          int leader = cluster.leader();
          assertThat(leader).as("a leader before pause %d", p).isNotNegative();
          long pid = cluster.process(leader).pid();
          PausedLeaderTest.signal("STOP", pid);
          try {
            Thread.sleep(2500 + random.nextInt(2000));
          } finally {
            PausedLeaderTest.signal("CONT", pid);
          }
          await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader() >= 0);
        }
        Thread.sleep(1500);
      } finally {
        stop.set(true);
        for (Thread t : clients) {
          t.join(30_000);
        }
      }

      MemberFlags any = cluster.flags(0);
      long revision;
      Map<String, KeyValue> finalKvs = new HashMap<>();
      try (EtcdClients c = new EtcdClients(any.host(), any.clientPort())) {
        var r = c.kv().range(RangeRequest.newBuilder().setKey(bs("\0")).setRangeEnd(bs("\0")).build());
        revision = r.getHeader().getRevision();
        r.getKvsList().forEach(kv -> finalKvs.put(kv.getKey().toStringUtf8(), kv));
      }
      int acked = 0;
      int indeterminate = 0;
      for (ClientLog log : logs) {
        acked += log.ackedUnique.size();
        indeterminate += log.indeterminate.get();
        for (String key : log.ackedUnique) {
          assertThat(finalKvs).as("acknowledged write %s is there", key).containsKey(key);
        }
      }
      for (KeyValue kv : finalKvs.values()) {
        if (kv.getKey().toStringUtf8().startsWith("unique/")) {
          assertThat(kv.getVersion()).as("%s written once, applied once", kv.getKey().toStringUtf8())
              .isEqualTo(1);
        }
      }
      // The whole history. Every write is unique (its client's sequence number), so a write
      // applied twice shows as a repeated value. Acknowledged writes of one client keep their
      // order (a replayed old put would take the key back); a write whose outcome the client never
      // learned may land anywhere after it was sent; a refused compare-and-set never lands.
      Map<String, Long> lastAckedSeq = new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (Event e : allEvents(any, revision)) {
        String key = e.getKv().getKey().toStringUtf8();
        String value = e.getKv().getValue().toStringUtf8();
        long at = e.getKv().getModRevision();
        if (key.startsWith("unique/") || key.startsWith("own/")) {
          assertThat(seen.add(key + "=" + value)).as("%s=%s applied again at revision %s", key,
              value, at).isTrue();
        }
        if (key.startsWith("own/")) {
          ClientLog log = logs.get(Integer.parseInt(key.substring("own/".length())));
          long seq = Long.parseLong(value);
          if (log.ownAcked.contains(seq)) {
            Long before = lastAckedSeq.put(key, seq);
            assertThat(before == null || before < seq).as("%s went back from acknowledged %s to "
                + "acknowledged %s at revision %s", key, before, seq, at).isTrue();
          } else {
            assertThat(log.ownUnknown).as("%s=%s at revision %s was refused, yet applied", key,
                seq, at).contains(seq);
          }
        }
      }
      assertThat(acked).as("the clients got writes through").isGreaterThan(20);
      System.out.printf("paused leader %d times: %d unique keys acknowledged, %d indeterminate%n",
          PAUSES, acked, indeterminate);

      // and every member holds the same data
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 3; i++) {
          MemberFlags f = cluster.flags(i);
          try (EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
            hashes.add((long) c.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(revision)
                .build()).getHash());
          }
        }
        return hashes.size() == 1;
      });
    }
  }
}
