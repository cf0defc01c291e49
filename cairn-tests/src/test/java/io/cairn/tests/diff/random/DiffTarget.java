package io.cairn.tests.diff.random;

import com.google.protobuf.Message;
import io.cairn.api.CompactionRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesRequest;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.KeepAlives;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs steps against one server (etcd or Cairn) through raw gRPC stubs, normalising each answer. */
final class DiffTarget implements AutoCloseable {
  /** How long to wait for a watch answer that may never come (a cancel of an unknown watch ID). */
  private static final long ANSWER_WAIT_MS = 1500;
  /** How long to wait for a watch answer that must come (slow only on a loaded machine). */
  private static final long ANSWER_TIMEOUT_MS = 15_000;
  /** Watch streams are compared once no response has arrived on any of them for this long. */
  private static final long QUIET_MS = 800;

  /** Enough for a watcher created with a past start revision to replay a short history. */
  private static final long CATCH_UP_MS = 400;

  private final EtcdClients clients;
  private boolean catchingUp;
  private final LeaseIds leases = new LeaseIds();
  private final LeaseClock leaseClock = new LeaseClock();
  private final Map<Integer, WatchRecorder> streams = new TreeMap<>();

  DiffTarget(int clientPort) {
    this.clients = new EtcdClients(clientPort);
  }

  /** Every step's outcome, then one outcome per watch stream with its events per watcher. */
  List<Outcome> run(List<Step> steps) throws InterruptedException {
    List<Outcome> out = new ArrayList<>(steps.size() + streams.size());
    for (Step s : steps) {
      out.add(run(s));
    }
    out.addAll(watchOutcomes());
    return out;
  }

  Outcome run(Step s) throws InterruptedException {
    Message request = leases.resolve(s.request());
    boolean racesReplay = s.kind() == Step.Kind.COMPACT
        || (request instanceof WatchRequest w && w.hasCancelRequest());
    if (racesReplay && catchingUp) {
      // a watcher replaying history races a compaction or a cancel on any server (etcd syncs every
      // 100 ms): let it finish first, so that what it sends before is not a matter of timing
      Thread.sleep(CATCH_UP_MS);
      catchingUp = false;
    }
    if (request instanceof WatchRequest w && w.getCreateRequest().getStartRevision() != 0) {
      catchingUp = true;
    }
    long sent = System.nanoTime();
    try {
      Message response = switch (s.kind()) {
        case RANGE -> clients.kv().range((RangeRequest) request);
        case PUT -> clients.kv().put((PutRequest) request);
        case DELETE_RANGE -> clients.kv().deleteRange((DeleteRangeRequest) request);
        case TXN -> clients.kv().txn((TxnRequest) request);
        case COMPACT -> clients.kv().compact((CompactionRequest) request);
        case LEASE_GRANT -> {
          LeaseGrantResponse r = clients.lease().leaseGrant((LeaseGrantRequest) request);
          leases.granted(r.getID());
          yield r;
        }
        case LEASE_REVOKE -> clients.lease().leaseRevoke((LeaseRevokeRequest) request);
        case LEASE_TIME_TO_LIVE -> clients.lease().leaseTimeToLive((LeaseTimeToLiveRequest) request);
        case LEASE_LEASES -> clients.lease().leaseLeases((LeaseLeasesRequest) request);
        case LEASE_KEEP_ALIVE_ONCE -> KeepAlives.once(clients.channel(),
            ((LeaseKeepAliveRequest) request).getID(), java.time.Duration.ofSeconds(15));
        case WATCH -> {
          WatchRecorder w = streams.computeIfAbsent(s.stream(),
              k -> new WatchRecorder(clients.watch()));
          WatchRequest wr = (WatchRequest) request;
          // only a cancel may go unanswered; a create or progress request always gets an answer
          yield w.send(wr, wr.hasCancelRequest() ? ANSWER_WAIT_MS : ANSWER_TIMEOUT_MS);
        }
      };
      if (response == null) {
        return Outcome.of("(no answer)");
      }
      return withTtlJudged(response, sent, System.nanoTime());
    } catch (StatusRuntimeException e) {
      return ResponseNormalizer.error(e.getStatus());
    }
  }

  /** The normalised response; a remaining TTL is judged against the time since its lease started. */
  private Outcome withTtlJudged(Message response, long sent, long answered) {
    Outcome normal = ResponseNormalizer.normalize(response, leases);
    if (response instanceof LeaseGrantResponse r && r.getError().isEmpty()) {
      leaseClock.started(r.getID(), sent, answered);
    } else if (response instanceof LeaseKeepAliveResponse r && r.getTTL() > 0) {
      leaseClock.started(r.getID(), sent, answered);
    } else if (response instanceof LeaseTimeToLiveResponse r && r.getTTL() > 0) {
      return Outcome.of(normal.text() + " "
          + leaseClock.judge(r.getID(), r.getGrantedTTL(), r.getTTL(), sent, answered));
    }
    return normal;
  }

  /** Once the watch streams are quiet: each stream's events per watcher, and late answers. */
  private List<Outcome> watchOutcomes() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // quiet counts from the last step too: etcd sends a write's events on the stream's own
    // goroutine, often milliseconds after the write's answer, so a stream that was already quiet
    // before the last write (a step waiting out an unanswered cancel) is not yet done (seed 3012)
    long lastStep = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long last = Math.max(lastStep, streams.values().stream()
          .mapToLong(WatchRecorder::lastArrivalNanos).max().orElse(0));
      long quietFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last);
      if (quietFor >= QUIET_MS) {
        break;
      }
      Thread.sleep(QUIET_MS - quietFor);
    }
    List<Outcome> out = new ArrayList<>();
    for (Map.Entry<Integer, WatchRecorder> s : streams.entrySet()) {
      StringBuilder text = new StringBuilder("WATCH EVENTS stream=" + s.getKey());
      s.getValue().eventsByWatcher(leases).forEach((id, lines) -> {
        text.append("\n    watch_id ").append(id).append(':');
        lines.forEach(l -> text.append("\n      ").append(l));
      });
      List<String> late = s.getValue().lateAnswers();
      if (!late.isEmpty()) {
        text.append("\n    late answers: ").append(late);
      }
      out.add(Outcome.of(text.toString()));
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    streams.values().forEach(WatchRecorder::close);
    clients.close();
  }
}
