package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.History;
import io.cairn.nemesis.history.Op;
import io.cairn.nemesis.history.Outcome;
import io.cairn.nemesis.history.Result;
import java.util.List;

/** A hand-written history: times in milliseconds, one client per line of a test. */
final class Histories {
  private final History history = new History();

  static long ms(long t) {
    return t * 1_000_000L;
  }

  Histories put(int client, String key, String value, long from, long to, long revision) {
    history.add(client, 0, new Call.Put(key, value, 0), ms(from), ms(to), Outcome.OK,
        Result.write(revision));
    return this;
  }

  Histories putUnknown(int client, String key, String value, long from, long to) {
    history.add(client, 0, new Call.Put(key, value, 0), ms(from), ms(to), Outcome.INDETERMINATE,
        null);
    return this;
  }

  Histories deleteUnknown(int client, String key, long from, long to) {
    history.add(client, 0, new Call.Delete(key), ms(from), ms(to), Outcome.INDETERMINATE, null);
    return this;
  }

  Histories casUnknown(int client, String key, String expected, String value, long from,
      long to) {
    history.add(client, 0, new Call.CasValue(key, expected, value), ms(from), ms(to),
        Outcome.INDETERMINATE, null);
    return this;
  }

  Histories get(int client, String key, String value, long modRevision, long from, long to,
      long revision) {
    history.add(client, 0, new Call.Get(key, false), ms(from), ms(to), Outcome.OK,
        Result.read(revision, value, modRevision));
    return this;
  }

  Histories cas(int client, String key, String expected, String value, boolean ok, long from,
      long to, long revision) {
    history.add(client, 0, new Call.CasValue(key, expected, value), ms(from), ms(to), Outcome.OK,
        Result.txn(revision, ok));
    return this;
  }

  Histories casRevision(int client, String key, long expected, String value, boolean ok, long from,
      long to, long revision) {
    history.add(client, 0, new Call.CasRevision(key, expected, value), ms(from), ms(to),
        Outcome.OK, Result.txn(revision, ok));
    return this;
  }

  Histories delete(int client, String key, long deleted, long from, long to, long revision) {
    history.add(client, 0, new Call.Delete(key), ms(from), ms(to), Outcome.OK,
        Result.delete(revision, deleted));
    return this;
  }

  List<Op> ops() {
    return history.ops();
  }

  List<Anomaly> check() {
    return new KvChecker(1_000_000, List.of()).check(ops());
  }
}
