package io.cairn.server.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.api.election.CampaignRequest;
import io.cairn.api.election.CampaignResponse;
import io.cairn.api.election.LeaderKey;
import io.cairn.api.election.LeaderRequest;
import io.cairn.api.election.LeaderResponse;
import io.cairn.api.election.ProclaimRequest;
import io.cairn.api.election.ProclaimResponse;
import io.cairn.api.election.ResignRequest;
import io.cairn.api.election.ResignResponse;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * etcd's v3election service: candidates queue under {@code name/} as for a lock; the oldest is
 * the leader, and its key's value is what it proclaims.
 */
public final class Elections {
  private final RecipeKv kv;

  public Elections(RecipeKv kv) {
    this.kv = kv;
  }

  static RuntimeException notLeader() {
    return Status.UNKNOWN.withDescription("election: not leader").asRuntimeException();
  }

  static RuntimeException noLeader() {
    return Status.UNKNOWN.withDescription("election: no leader").asRuntimeException();
  }

  static RuntimeException missingLeaderKey() {
    return Status.UNKNOWN.withDescription("\"leader\" field must be provided").asRuntimeException();
  }

  /** Queues the candidate and completes once it leads; a candidate that gives up resigns. */
  public CompletableFuture<CampaignResponse> campaign(CampaignRequest r,
      CompletableFuture<Void> cancelled) {
    return Sessions.lease(kv, r.getLease()).thenCompose(lease -> {
      ByteString prefix = KeyQueue.prefix(r.getName());
      ByteString key = KeyQueue.keyOf(prefix, lease);
      TxnRequest enqueue = KeyQueue.join(prefix, key, lease, r.getValue(), false);
      return kv.txn(enqueue).thenCompose(t -> {
        LeaderKey.Builder leader = LeaderKey.newBuilder().setName(r.getName()).setKey(key)
            .setLease(lease).setRev(t.getHeader().getRevision());
        CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
        if (!t.getSucceeded()) {
          // campaigning again with the same lease: its place in the queue is kept
          KeyValue mine = t.getResponses(0).getResponseRange().getKvs(0);
          leader.setRev(mine.getCreateRevision());
          if (!mine.getValue().equals(r.getValue())) {
            ready = proclaim(leader.build(), r.getValue()).thenAccept(h -> { })
                .whenComplete((v, err) -> {
                  if (err != null) {
                    resign(leader.build());
                  }
                });
          }
        }
        return ready
            .thenCompose(v -> KeyQueue.waitDeletes(kv, prefix, leader.getRev() - 1, cancelled))
            .whenComplete((h, err) -> {
              if (err != null && cancelled.isDone()) {
                resign(leader.build());
              }
            })
            .thenApply(h -> CampaignResponse.newBuilder().setHeader(t.getHeader())
                .setLeader(leader).build());
      });
    });
  }

  public CompletableFuture<ProclaimResponse> proclaim(ProclaimRequest r) {
    if (!r.hasLeader()) {
      return CompletableFuture.failedFuture(missingLeaderKey());
    }
    return proclaim(r.getLeader(), r.getValue())
        .thenApply(h -> ProclaimResponse.newBuilder().setHeader(h).build());
  }

  /** Sets the leader's value, if its key is still the one it campaigned with. */
  private CompletableFuture<ResponseHeader> proclaim(LeaderKey leader, ByteString value) {
    TxnRequest update = TxnRequest.newBuilder()
        .addCompare(KeyQueue.createdAt(leader.getKey(), leader.getRev()))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(leader.getKey()).setValue(value).setLease(leader.getLease())))
        .build();
    return kv.txn(update).thenApply(t -> {
      if (!t.getSucceeded()) {
        throw notLeader();
      }
      return t.getHeader();
    });
  }

  public CompletableFuture<ResignResponse> resign(ResignRequest r) {
    if (!r.hasLeader()) {
      return CompletableFuture.failedFuture(missingLeaderKey());
    }
    return resign(r.getLeader()).thenApply(t -> ResignResponse.newBuilder().setHeader(t.getHeader()).build());
  }

  /** Deletes the leader's key if it is still the one it campaigned with. */
  private CompletableFuture<TxnResponse> resign(LeaderKey leader) {
    return kv.txn(TxnRequest.newBuilder()
        .addCompare(KeyQueue.createdAt(leader.getKey(), leader.getRev()))
        .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
            DeleteRangeRequest.newBuilder().setKey(leader.getKey())))
        .build());
  }

  /** The current leader's key and value. */
  public CompletableFuture<LeaderResponse> leader(LeaderRequest r) {
    return kv.range(KeyQueue.head(KeyQueue.prefix(r.getName()))).thenApply(resp -> {
      if (resp.getKvsCount() == 0) {
        throw noLeader();
      }
      return LeaderResponse.newBuilder().setHeader(resp.getHeader()).setKv(resp.getKvs(0)).build();
    });
  }

  /**
   * Streams the leader and every value it proclaims, then the next leader, and so on, until
   * {@code cancelled} completes or a read or watch fails, which ends the stream ({@code ended}:
   * etcd closes its observe channel and the call ends without an error).
   */
  public void observe(LeaderRequest r, Consumer<LeaderResponse> out, Consumer<Throwable> failed,
      CompletableFuture<Void> cancelled) {
    new Observation(KeyQueue.prefix(r.getName()), out, failed, cancelled).next();
  }

  /** One Observe stream: find the leader (or wait for one), follow its key until it is deleted. */
  private final class Observation {
    private final ByteString prefix;
    private final Consumer<LeaderResponse> out;
    private final Consumer<Throwable> failed;
    private final CompletableFuture<Void> cancelled;
    private final AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();

    Observation(ByteString prefix, Consumer<LeaderResponse> out, Consumer<Throwable> failed,
        CompletableFuture<Void> cancelled) {
      this.prefix = prefix;
      this.out = out;
      this.failed = failed;
      this.cancelled = cancelled;
      cancelled.whenComplete((v, e) -> {
        CompletableFuture<?> waiting = current.get();
        if (waiting != null) {
          waiting.completeExceptionally(KeyQueue.canceled());
        }
      });
    }

    void next() {
      if (cancelled.isDone()) {
        return;
      }
      kv.range(KeyQueue.head(prefix)).whenComplete((resp, err) -> {
        if (err != null) {
          failed.accept(err);
        } else if (resp.getKvsCount() == 0) {
          awaitFirstPut(resp.getHeader().getRevision());
        } else {
          follow(resp.getHeader(), resp.getKvs(0));
        }
      });
    }

    /** No leader: the first key put under the prefix becomes it. */
    private void awaitFirstPut(long fromRevision) {
      CompletableFuture<KeyValue> first = new CompletableFuture<>();
      AutoCloseable w = kv.watch(prefix, KeyQueue.prefixEnd(prefix), fromRevision,
          new RecipeKv.WatchListener() {
            @Override
            public void onEvents(long revision, List<Event> events) {
              events.stream().filter(e -> e.getType() == Event.EventType.PUT).findFirst()
                  .ifPresent(e -> first.complete(e.getKv()));
            }

            @Override
            public void onEnd(Throwable why) {
              first.completeExceptionally(why);
            }
          });
      stopOnCancel(first);
      first.whenComplete((kvs, err) -> {
        KeyQueue.close(w);
        if (err == null) {
          follow(kv.header(kvs.getModRevision()), kvs);
        } else if (!cancelled.isDone()) {
          failed.accept(err);
        }
      });
    }

    /** Sends the leader, then each of its proclamations, until its key is deleted. */
    private void follow(ResponseHeader header, KeyValue leader) {
      out.accept(LeaderResponse.newBuilder().setHeader(header).setKv(leader).build());
      CompletableFuture<Void> deleted = new CompletableFuture<>();
      AutoCloseable w = kv.watch(leader.getKey(), ByteString.EMPTY, header.getRevision() + 1,
          new RecipeKv.WatchListener() {
            @Override
            public void onEvents(long revision, List<Event> events) {
              for (Event e : events) {
                if (deleted.isDone()) {
                  return;
                }
                if (e.getType() == Event.EventType.DELETE) {
                  deleted.complete(null);
                } else {
                  out.accept(LeaderResponse.newBuilder().setHeader(kv.header(revision))
                      .setKv(e.getKv()).build());
                }
              }
            }

            @Override
            public void onEnd(Throwable why) {
              deleted.completeExceptionally(why);
            }
          });
      stopOnCancel(deleted);
      deleted.whenComplete((v, err) -> {
        KeyQueue.close(w);
        if (err == null) {
          next();
        } else if (!cancelled.isDone()) {
          failed.accept(err);
        }
      });
    }

    /** The one wait in progress ends when the stream does (one listener for the whole stream). */
    private void stopOnCancel(CompletableFuture<?> waiting) {
      current.set(waiting);
      if (cancelled.isDone()) {
        waiting.completeExceptionally(KeyQueue.canceled());
      }
    }
  }
}
