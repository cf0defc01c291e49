package io.cairn.nemesis;

import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.History;
import io.cairn.nemesis.history.Result;
import io.cairn.tests.support.KeepAlives;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Grants a lease through a random member, attaches a key to it and keeps it alive (one request
 * per keep-alive stream, every TTL/4) through that member, reading the key after each keep-alive;
 * when the lease or the key is gone (or the member fails) it starts over. {@code LeaseChecker}
 * then proves no key vanished while its lease was still being kept alive.
 */
final class LeaseWorker extends Worker {
  static final String PREFIX = "lease/";
  static final long TTL = 4;

  private int keys;

  LeaseWorker(int id, long seed, Cluster cluster, History history, Plant plant,
      BooleanSupplier running) {
    super(id, seed, cluster, history, plant, running);
  }

  @Override
  public void run() {
    for (int round = 0; round < 100_000 && running.getAsBoolean(); round++) {
      int member = random.nextInt(cluster.size());
      try {
        keepOneLease(member);
      } catch (RuntimeException e) {
        KvWorker.pause(100);
      }
    }
  }

  private void keepOneLease(int member) {
    History.Pending grant = history.invoke(id, member, new Call.LeaseGrant(TTL));
    long lease;
    try {
      LeaseGrantResponse g = LeaseGrpc.newBlockingStub(cluster.clients(member).channel())
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(TTL).build());
      lease = g.getID();
      grant.ok(Result.lease(g.getHeader().getRevision(), lease, g.getTTL()));
    } catch (RuntimeException e) {
      grant.complete(Outcomes.of(e), null);
      throw e;
    }
    String key = PREFIX + id + "-" + keys++;
    Call.Put put = new Call.Put(key, "l" + id + "-" + keys, lease);
    History.Pending p = history.invoke(id, member, put);
    try {
      p.ok(Result.write(kv(member).put(PutRequest.newBuilder().setKey(KvWorker.bytes(key))
          .setValue(KvWorker.bytes(put.value())).setLease(lease).build()).getHeader()
          .getRevision()));
    } catch (RuntimeException e) {
      p.complete(Outcomes.of(e), null);
      throw e;
    }
    for (int i = 0; i < 10_000 && running.getAsBoolean(); i++) {
      KvWorker.pause(TTL * 1000 / 4);
      if (keepAlive(member, lease) <= 0) {
        return;
      }
      History.Pending get = history.invoke(id, member, new Call.Get(key, false));
      try {
        RangeResponse r = kv(member).range(RangeRequest.newBuilder()
            .setKey(KvWorker.bytes(key)).build());
        long rev = r.getHeader().getRevision();
        get.ok(r.getKvsCount() == 0 ? Result.read(rev, null, 0) : Result.read(rev,
            r.getKvs(0).getValue().toStringUtf8(), r.getKvs(0).getModRevision()));
        if (r.getKvsCount() == 0) {
          // a client that holds the lease keeps sending; a correct server now says it is gone
          keepAlive(member, lease);
          return;
        }
      } catch (RuntimeException e) {
        get.complete(Outcomes.of(e), null);
        throw e;
      }
    }
  }

  private KVGrpc.KVBlockingStub kv(int member) {
    return KVGrpc.newBlockingStub(cluster.clients(member).channel())
        .withDeadlineAfter(2, TimeUnit.SECONDS);
  }

  /** One keep-alive on its own stream; returns the TTL the member answered. */
  private long keepAlive(int member, long lease) {
    History.Pending p = history.invoke(id, member, new Call.KeepAlive(lease));
    if (plant == Plant.DROPPED_KEEPALIVES) {
      p.ok(Result.lease(0, lease, TTL));
      return TTL;
    }
    try {
      LeaseKeepAliveResponse r = KeepAlives.once(cluster.clients(member).channel(), lease,
          Duration.ofSeconds(2));
      p.ok(Result.lease(r.getHeader().getRevision(), lease, r.getTTL()));
      return r.getTTL();
    } catch (RuntimeException e) {
      p.complete(Outcomes.of(e), null);
      throw e;
    }
  }
}
