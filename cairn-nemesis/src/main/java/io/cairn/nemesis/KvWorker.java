package io.cairn.nemesis;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.History;
import io.cairn.nemesis.history.Outcome;
import io.cairn.nemesis.history.Result;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One sequential client over a few keys at a time: puts, linearizable and serializable gets, deletes and
 * compare-and-set txns (on the value or the mod_revision it last read), each recorded with its
 * invocation and completion. It stays on one member and moves to a random one after an error.
 * The keys are those of the current generation ({@code kv/GEN/I}): a long run moves to new keys
 * every few minutes, so each key's history stays short enough for the linearizability search
 * (an hour on four keys gave 70,000 operations per key, beyond its budget).
 */
final class KvWorker extends Worker {
  static final String PREFIX = "kv/";
  private static final long DEADLINE_MS = 2000;

  private final int keys;
  private final LongSupplier generation;
  private final Map<String, String> lastValue = new HashMap<>();
  private final Map<String, Long> lastModRevision = new HashMap<>();
  private int member;
  private int written;

  KvWorker(int id, long seed, Cluster cluster, History history, Plant plant,
      BooleanSupplier running, int keys, LongSupplier generation) {
    super(id, seed, cluster, history, plant, running);
    this.keys = keys;
    this.generation = generation;
    this.member = id % cluster.size();
  }

  static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Override
  public void run() {
    for (int n = 0; n < 1_000_000 && running.getAsBoolean(); n++) {
      String key = PREFIX + generation.getAsLong() + "/" + random.nextInt(keys);
      String value = "c" + id + "-" + written++;
      int kind = random.nextInt(100);
      Call call;
      if (kind < 25) {
        call = new Call.Put(key, value, 0);
      } else if (kind < 50) {
        call = new Call.Get(key, false);
      } else if (kind < 60) {
        call = new Call.Get(key, true);
      } else if (kind < 67) {
        call = new Call.Delete(key);
      } else if (kind < 84) {
        call = new Call.CasValue(key, lastValue.get(key), value);
      } else {
        call = new Call.CasRevision(key, lastModRevision.getOrDefault(key, 0L), value);
      }
      History.Pending p = history.invoke(id, member, call);
      try {
        Result r = execute(call);
        p.ok(r);
        if (call instanceof Call.Get) {
          lastValue.put(key, r.value());
          lastModRevision.put(key, r.modRevision());
        }
      } catch (RuntimeException e) {
        Outcome o = Outcomes.of(e);
        p.complete(o, null);
        member = random.nextInt(cluster.size());
        cluster.clients(member).channel().resetConnectBackoff();
        pause(20 + random.nextInt(80));
      }
    }
  }

  private Result execute(Call call) {
    KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(cluster.clients(member).channel())
        .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
    if (call instanceof Call.Put put) {
      return Result.write(kv.put(PutRequest.newBuilder().setKey(bytes(put.key()))
          .setValue(bytes(put.value())).setLease(put.lease()).build()).getHeader().getRevision());
    }
    if (call instanceof Call.Get get) {
      boolean serializable = get.serializable() || plant == Plant.STALE_READS;
      RangeResponse r = kv.range(RangeRequest.newBuilder().setKey(bytes(get.key()))
          .setSerializable(serializable).build());
      long rev = r.getHeader().getRevision();
      return r.getKvsCount() == 0 ? Result.read(rev, null, 0)
          : Result.read(rev, r.getKvs(0).getValue().toStringUtf8(), r.getKvs(0).getModRevision());
    }
    if (call instanceof Call.Delete del) {
      DeleteRangeResponse r = kv.deleteRange(DeleteRangeRequest.newBuilder()
          .setKey(bytes(del.key())).build());
      return Result.delete(r.getHeader().getRevision(), r.getDeleted());
    }
    Compare cmp;
    String key = call.key();
    String value;
    if (call instanceof Call.CasValue cas) {
      value = cas.value();
      cmp = cas.expected() == null
          ? Compare.newBuilder().setKey(bytes(key)).setTarget(Compare.CompareTarget.VERSION)
              .setResult(Compare.CompareResult.EQUAL).setVersion(0).build()
          : Compare.newBuilder().setKey(bytes(key)).setTarget(Compare.CompareTarget.VALUE)
              .setResult(Compare.CompareResult.EQUAL).setValue(bytes(cas.expected())).build();
    } else {
      Call.CasRevision cas = (Call.CasRevision) call;
      value = cas.value();
      cmp = Compare.newBuilder().setKey(bytes(key)).setTarget(Compare.CompareTarget.MOD)
          .setResult(Compare.CompareResult.EQUAL).setModRevision(cas.expectedModRevision()).build();
    }
    TxnResponse r = kv.txn(TxnRequest.newBuilder().addCompare(cmp)
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(bytes(key)).setValue(bytes(value)))).build());
    return Result.txn(r.getHeader().getRevision(), r.getSucceeded());
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
