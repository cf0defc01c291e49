package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jetcd's Lock and Election clients, which use etcd's v3lock and v3election gRPC services, run
 * the same story on etcd 3.4.23 and on Cairn: locks queue and pass on unlock or when the holder's
 * lease expires (a crashed holder), and an election's leader campaigns, proclaims, is observed and
 * resigns, its successor taking over. The transcripts, leases named, must be equal.
 */
class LockElectionDifferentialTest {

  @Test
  void locksAndElectionsBehaveAsEtcds(@TempDir Path tmp) throws Exception {
    List<String> etcd = transcript(tmp, "etcd");
    List<String> cairn = transcript(tmp, "cairn");
    assertThat(cairn).containsExactlyElementsOf(etcd);
  }

  private static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static List<String> transcript(Path tmp, String which) throws Exception {
    MemberFlags f = new MemberFlags(which, tmp.resolve(which), Ports.free(), Ports.free());
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"))) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      Client client = Client.builder().endpoints(f.clientUrl()).build();
      try {
        return new Story(client).run();
      } finally {
        client.close();
      }
    }
  }

  /** The story told to one server; lease IDs become their names in what it records. */
  private static final class Story {
    private final Client client;
    private final List<String> t = new ArrayList<>();
    private final List<long[]> leases = new ArrayList<>();

    Story(Client client) {
      this.client = client;
    }

    long lease(long ttl) throws Exception {
      long id = client.getLeaseClient().grant(ttl).get(10, TimeUnit.SECONDS).getID();
      leases.add(new long[] {id});
      return id;
    }

    /** A key or value with lease IDs (in hex, as the recipes write them) named L1, L2... */
    String named(ByteSequence b) {
      String s = b.toString(StandardCharsets.UTF_8);
      for (int i = 0; i < leases.size(); i++) {
        s = s.replace(Long.toHexString(leases.get(i)[0]), "L" + (i + 1));
      }
      return s;
    }

    static String failure(Throwable e) {
      Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return "error: " + c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    static boolean waits(CompletableFuture<?> f) throws Exception {
      try {
        f.get(1, TimeUnit.SECONDS);
        return false;
      } catch (TimeoutException e) {
        return true;
      }
    }

    List<String> run() throws Exception {
      var locks = client.getLockClient();
      long a = lease(60);
      long b = lease(60);
      ByteSequence keyA = locks.lock(bs("L"), a).get(10, TimeUnit.SECONDS).getKey();
      t.add("lock L by L1: " + named(keyA));
      CompletableFuture<io.etcd.jetcd.lock.LockResponse> second = locks.lock(bs("L"), b);
      t.add("lock L by L2 waits: " + waits(second));
      locks.unlock(keyA).get(10, TimeUnit.SECONDS);
      t.add("after unlock, L2 holds: " + named(second.get(10, TimeUnit.SECONDS).getKey()));
      locks.unlock(second.get().getKey()).get(10, TimeUnit.SECONDS);

      // a holder that crashed: nobody keeps its lease alive, so its expiry releases the lock
      long crashed = lease(2);
      t.add("lock M by L3: " + named(locks.lock(bs("M"), crashed).get(10, TimeUnit.SECONDS).getKey()));
      CompletableFuture<io.etcd.jetcd.lock.LockResponse> next = locks.lock(bs("M"), a);
      t.add("lock M by L1 waits: " + waits(next));
      t.add("L3 expires, L1 holds: " + named(next.get(15, TimeUnit.SECONDS).getKey()));
      try {
        locks.lock(bs("N"), 12345).get(10, TimeUnit.SECONDS);
        t.add("lock with an unknown lease: granted");
      } catch (ExecutionException e) {
        t.add("lock with an unknown lease: " + failure(e));
      }

      Election election = client.getElectionClient();
      List<String> observed = new CopyOnWriteArrayList<>();
      election.observe(bs("E"), new Election.Listener() {
        @Override
        public void onNext(LeaderResponse r) {
          observed.add(named(r.getKv().getKey()) + "=" + named(r.getKv().getValue()));
        }

        @Override
        public void onError(Throwable e) {
          observed.add("observe " + failure(e));
        }

        @Override
        public void onCompleted() {
          observed.add("observe completed");
        }
      });
      LeaderKey first = election.campaign(bs("E"), a, bs("one")).get(10, TimeUnit.SECONDS).getLeader();
      t.add("campaign E by L1: " + named(first.getKey()));
      CompletableFuture<CampaignResponse> runnerUp = election.campaign(bs("E"), b, bs("two"));
      t.add("campaign E by L2 waits: " + waits(runnerUp));
      election.proclaim(first, bs("one again")).get(10, TimeUnit.SECONDS);
      t.add("leader: " + named(election.leader(bs("E")).get(10, TimeUnit.SECONDS).getKv().getValue()));
      election.resign(first).get(10, TimeUnit.SECONDS);
      LeaderKey second2 = runnerUp.get(10, TimeUnit.SECONDS).getLeader();
      t.add("after resign, L2 leads: " + named(second2.getKey()) + " leader: "
          + named(election.leader(bs("E")).get(10, TimeUnit.SECONDS).getKv().getValue()));
      try {
        election.proclaim(first, bs("stale")).get(10, TimeUnit.SECONDS);
        t.add("proclaim by the old leader: accepted");
      } catch (ExecutionException e) {
        t.add("proclaim by the old leader: " + failure(e));
      }
      election.resign(second2).get(10, TimeUnit.SECONDS);
      try {
        election.leader(bs("E")).get(10, TimeUnit.SECONDS);
        t.add("leader after both resigned: some");
      } catch (ExecutionException e) {
        t.add("leader after both resigned: " + failure(e));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (observed.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      t.add("observed: " + observed);
      return t;
    }
  }
}
