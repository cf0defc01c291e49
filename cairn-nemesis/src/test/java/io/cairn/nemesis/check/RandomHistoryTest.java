package io.cairn.nemesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import io.cairn.nemesis.history.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Histories generated from a sequential model (each operation takes effect at a random point
 * inside its interval; indeterminate writes later or never) are linearizable; the same history
 * with one read made stale must fail.
 */
class RandomHistoryTest {

  /** One generated operation: its effect point decides the results. */
  private static final class Gen {
    final int id;
    final int client;
    final Call call;
    final long invoke;
    final long complete;
    final boolean indeterminate;
    Result result;

    Gen(int id, int client, Call call, long invoke, long complete, boolean indeterminate) {
      this.id = id;
      this.client = client;
      this.call = call;
      this.invoke = invoke;
      this.complete = complete;
      this.indeterminate = indeterminate;
    }

    Op op() {
      return new Op(id, client, 0, call, invoke, complete,
          indeterminate ? Outcome.INDETERMINATE : Outcome.OK, indeterminate ? null : result);
    }
  }

  /** An event of the simulation: an operation's invocation, effect or completion. */
  private record Event(long time, int kind, int seq, int client, Gen gen) {}

  /**
   * Simulates clients against one sequential store: each operation takes effect at a random point
   * of its interval (an indeterminate write later, or never), and a client chooses its next
   * operation knowing the results of its earlier ones (a compare on mod_revision uses a revision it
   * read).
   */
  static List<Gen> generate(long seed, int clients, int opsPerClient) {
    Random r = new Random(seed);
    String[] keys = {"a", "b"};
    List<Gen> gens = new ArrayList<>();
    Store store = new Store();
    PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparingLong(Event::time)
        .thenComparingInt(Event::kind).thenComparingInt(Event::seq));
    List<Map<String, Long>> seen = new ArrayList<>();
    int[] done = new int[clients];
    int seq = 0;
    for (int c = 0; c < clients; c++) {
      seen.add(new HashMap<>());
      events.add(new Event(r.nextInt(3), 2, seq++, c, null));
    }
    while (!events.isEmpty()) {
      Event e = events.poll();
      if (e.kind() == 0) {
        store.apply(e.gen());
        continue;
      }
      if (e.kind() == 1) {
        Gen g = e.gen();
        if (!g.indeterminate && g.call instanceof Call.Get) {
          seen.get(g.client).put(g.call.key(), g.result.modRevision());
        }
        if (++done[g.client] < opsPerClient) {
          events.add(new Event(e.time() + r.nextInt(3), 2, seq++, g.client, null));
        }
        continue;
      }
      int c = e.client();
      long invoke = e.time();
      long dur = 1 + r.nextInt(10);
      String key = keys[r.nextInt(keys.length)];
      String value = "v" + gens.size();
      int kind = r.nextInt(10);
      Call call;
      if (kind < 3) {
        call = new Call.Put(key, value, 0);
      } else if (kind < 6) {
        call = new Call.Get(key, false);
      } else if (kind < 7) {
        call = new Call.Delete(key);
      } else if (kind < 9) {
        call = new Call.CasValue(key,
            r.nextInt(4) == 0 || gens.isEmpty() ? null : "v" + r.nextInt(gens.size()), value);
      } else {
        call = new Call.CasRevision(key, seen.get(c).getOrDefault(key, 0L), value);
      }
      boolean indeterminate = call.writes() && r.nextInt(8) == 0;
      long complete = invoke + dur;
      Gen g = new Gen(gens.size(), c, call, invoke, complete, indeterminate);
      gens.add(g);
      if (!indeterminate) {
        events.add(new Event(invoke + r.nextInt((int) dur + 1), 0, seq++, c, g));
      } else if (r.nextBoolean()) {
        events.add(new Event(invoke + r.nextInt(60), 0, seq++, c, g));
      }
      events.add(new Event(complete, 1, seq++, c, g));
    }
    return gens;
  }

  /** One sequential store with etcd's revisions. */
  private static final class Store {
    final Map<String, String> value = new HashMap<>();
    final Map<String, Long> modRevision = new HashMap<>();
    long revision = 1;

    void apply(Gen g) {
      Call c = g.call;
      String k = c.key();
      if (c instanceof Call.Put p) {
        revision++;
        value.put(k, p.value());
        modRevision.put(k, revision);
        g.result = Result.write(revision);
      } else if (c instanceof Call.Get) {
        g.result = Result.read(revision, value.get(k), modRevision.getOrDefault(k, 0L));
      } else if (c instanceof Call.Delete) {
        boolean existed = value.remove(k) != null;
        modRevision.remove(k);
        if (existed) {
          revision++;
        }
        g.result = Result.delete(revision, existed ? 1 : 0);
      } else {
        boolean holds;
        String newValue;
        if (c instanceof Call.CasValue cas) {
          holds = Objects.equals(value.get(k), cas.expected());
          newValue = cas.value();
        } else {
          Call.CasRevision cas = (Call.CasRevision) c;
          holds = modRevision.getOrDefault(k, 0L) == cas.expectedModRevision();
          newValue = cas.value();
        }
        if (holds) {
          revision++;
          value.put(k, newValue);
          modRevision.put(k, revision);
        }
        g.result = Result.txn(revision, holds);
      }
    }
  }

  static List<Op> ops(List<Gen> gens) {
    return gens.stream().map(Gen::op).sorted(Comparator.comparingLong(Op::invoke)).toList();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void generatedHistoriesAreLinearizable(long seed) {
    KvChecker checker = new KvChecker(5_000_000, List.of());
    assertThat(checker.check(ops(generate(seed, 5, 60)))).isEmpty();
    assertThat(checker.uncheckedKeys()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void aStaleReadMutatedIntoThemIsFound(long seed) {
    List<Gen> gens = generate(seed, 5, 60);
    List<Op> ops = new ArrayList<>(ops(gens));
    Op mutated = staleRead(ops);
    if (mutated == null) {
      return;
    }
    ops.replaceAll(op -> op.id() == mutated.id() ? mutated : op);
    List<Anomaly> anomalies = new KvChecker(5_000_000, List.of()).check(ops);
    assertThat(anomalies).extracting(Anomaly::kind).contains("not-linearizable");
    assertThat(anomalies.stream().filter(a -> a.kind().equals("not-linearizable")).findFirst()
        .orElseThrow().evidence()).anyMatch(l -> l.startsWith("=> "));
  }

  /**
   * A get made to return the value of a put that a later write (invoked after the put returned)
   * certainly overwrote before the get was invoked.
   */
  private static Op staleRead(List<Op> ops) {
    for (Op get : ops) {
      if (!get.ok() || !(get.call() instanceof Call.Get)) {
        continue;
      }
      for (Op w : ops) {
        if (!w.ok() || !(w.call() instanceof Call.Put p) || !p.key().equals(get.call().key())
            || p.value().equals(get.result().value())) {
          continue;
        }
        for (Op w2 : ops) {
          boolean overwrote = w2.ok() && w2.call().key().equals(p.key())
              && (w2.call() instanceof Call.Put
              || (w2.call() instanceof Call.Delete && w2.result().deleted() > 0)
              || (w2.call() instanceof Call.CasValue && w2.result().succeeded())
              || (w2.call() instanceof Call.CasRevision && w2.result().succeeded()));
          if (overwrote && w2.invoke() > w.complete() && w2.complete() < get.invoke()) {
            return new Op(get.id(), get.client(), get.member(), get.call(), get.invoke(),
                get.complete(), Outcome.OK,
                Result.read(get.result().revision(), p.value(), w.result().revision()));
          }
        }
      }
    }
    return null;
  }
}
