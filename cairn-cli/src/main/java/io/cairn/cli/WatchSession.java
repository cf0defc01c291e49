package io.cairn.cli;

import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchProgressRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.cli.client.Errors;
import io.cairn.cli.print.Printer;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One gRPC watch stream carrying every watch of an invocation, as clientv3 shares one stream per
 * context: responses are routed to their watch by ID, a progress response (watch ID -1) to all of
 * them. Each watch prints as etcdctl's printWatchCh does and runs its exec command per event.
 * Responses are handled on the thread calling {@link #dispatchUntilAllEnded} or
 * {@link #dispatchForever}, one at a time.
 */
final class WatchSession {
  private static final long PROGRESS_WATCH_ID = -1;
  private static final Metadata.Key<String> HAS_LEADER =
      Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);

  private final Ctl ctl;
  private final Printer printer;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final StreamObserver<WatchRequest> requests;
  /** Watches sent but not yet confirmed; the server confirms creates in the order sent. */
  private final Deque<Watch> pending = new ArrayDeque<>();
  private final Map<Long, Watch> active = new HashMap<>();
  /** Set when the command ends on its own: the stream's shutdown is then no cancellation to report. */
  private volatile boolean ending;

  private sealed interface Item permits Created, Resp, Failure {}

  private record Created(Watch w) implements Item {}

  private record Resp(WatchResponse r) implements Item {}

  private record Failure(Throwable t) implements Item {}

  private record Watch(List<String> exec) {}

  WatchSession(Ctl ctl) {
    this.ctl = ctl;
    this.printer = ctl.printer();
    Metadata md = new Metadata();
    // clientv3.WithRequireLeader: the server cancels the watch when it loses its leader
    md.put(HAS_LEADER, "true");
    requests = ctl.client().watch()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .watch(new StreamObserver<>() {
          @Override
          public void onNext(WatchResponse r) {
            queue.add(new Resp(r));
          }

          @Override
          public void onError(Throwable t) {
            queue.add(new Failure(t));
          }

          @Override
          public void onCompleted() {
            queue.add(new Failure(null));
          }
        });
  }

  /** Sends a create request; its events go to this watch's printer and exec command. */
  synchronized void watch(WatchCreateRequest create, List<String> exec) {
    // queued before the request goes out, so the created response finds it pending
    queue.add(new Created(new Watch(exec)));
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
  }

  synchronized void requestProgress() {
    requests.onNext(WatchRequest.newBuilder()
        .setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
  }

  /** Handles responses until every watch has ended (cancelled or stream failed). */
  void dispatchUntilAllEnded() {
    do {
      if (!dispatchOne()) {
        return;
      }
    } while (!pending.isEmpty() || !active.isEmpty());
  }

  /** Handles responses until the stream ends (interactive mode: more watches may come). */
  void dispatchForever() {
    while (dispatchOne()) {
      // keeps going: a watch that ended leaves the others running
    }
  }

  void close() {
    ending = true;
    try {
      requests.onCompleted();
    } catch (RuntimeException ignored) {
      // the stream already failed; nothing left to close
    }
  }

  /** Handles one item; false when the stream has ended. */
  private boolean dispatchOne() {
    Item item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (item instanceof Created c) {
      pending.add(c.w());
    } else if (item instanceof Resp r) {
      route(r.r());
    } else if (item instanceof Failure f) {
      if (f.t() != null && !ending && (!active.isEmpty() || !pending.isEmpty())) {
        ctl.out().errln("watch was canceled (" + Errors.message(f.t()) + ")");
      }
      active.clear();
      pending.clear();
      return false;
    }
    return true;
  }

  private void route(WatchResponse r) {
    if (r.getCreated()) {
      Watch w = pending.poll();
      if (w != null && r.getCanceled()) {
        show(w, r);
      } else if (w != null) {
        active.put(r.getWatchId(), w);
      }
      return;
    }
    if (r.getWatchId() == PROGRESS_WATCH_ID) {
      active.values().forEach(w -> show(w, r));
      return;
    }
    Watch w = r.getCanceled() ? active.remove(r.getWatchId()) : active.get(r.getWatchId());
    if (w != null) {
      show(w, r);
    }
  }

  /** etcdctl's printWatchCh for one response. */
  private void show(Watch w, WatchResponse r) {
    if (r.getCanceled()) {
      ctl.out().errln("watch was canceled (" + cancelError(r) + ")");
    }
    boolean progress = r.getEventsCount() == 0 && !r.getCanceled() && !r.getCreated()
        && r.getCompactRevision() == 0 && r.getHeader().getRevision() != 0;
    if (progress) {
      ctl.out().println("progress notify: " + r.getHeader().getRevision());
    }
    printer.watch(r);
    ctl.out().flush();
    if (!w.exec().isEmpty()) {
      new WatchExec(w.exec(), ctl).runPerEvent(r);
    }
  }

  /** clientv3's WatchResponse.Err(). */
  private static String cancelError(WatchResponse r) {
    if (r.getCompactRevision() != 0) {
      return "etcdserver: mvcc: required revision has been compacted";
    }
    if (!r.getCancelReason().isEmpty()) {
      String reason = r.getCancelReason();
      return reason.startsWith("etcdserver: ") ? reason
          : "rpc error: code = FailedPrecondition desc = " + reason;
    }
    return "etcdserver: mvcc: required revision is a future revision";
  }
}
