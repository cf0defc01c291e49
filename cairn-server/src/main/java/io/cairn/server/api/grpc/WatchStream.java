package io.cairn.server.api.grpc;

import com.google.protobuf.ByteString;
import io.cairn.server.core.EtcdServer;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.watch.WatchSink;
import io.cairn.server.watch.Watcher;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.WatchCancelRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client watch stream carrying many watchers (etcd's serverWatchStream). Outgoing responses go
 * through a queue drained only while gRPC says the client can take more, so a slow client costs
 * memory up to a bound and then falls back to history replay; it never blocks the apply path.
 */
final class WatchStream
    implements StreamObserver<WatchRequest>, WatchSink, LeaderLossMonitor.LeaderBoundStream {
  /** Responses queued per stream before its watchers stop being fed live. */
  private static final int MAX_QUEUED = 1024;
  private static final long INVALID_WATCH_ID = -1;

  private final EtcdServer server;
  private final ServerCallStreamObserver<WatchResponse> call;
  private final Executor executor;
  private final Consumer<WatchStream> onClose;
  private final Map<Long, Watcher> watchers = new ConcurrentHashMap<>();
  /** Watchers with progress_notify that were sent nothing since the last progress tick. */
  private final Map<Long, Boolean> quiet = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private long nextWatchId;
  private volatile boolean closed;
  /** A progress request waits for the stream's watchers to catch up; set until it is answered. */
  private final AtomicBoolean progressRequested = new AtomicBoolean();

  /** Events of one revision for one watcher; prev_kv is looked up when sent, off the apply thread. */
  private record Pending(Watcher watcher, long revision, List<Event> events) {}

  /** Orders a cancel's answer against the events queued for its watcher. */
  private final Object cancelLock = new Object();

  WatchStream(EtcdServer server, ServerCallStreamObserver<WatchResponse> call, Executor executor,
      Consumer<WatchStream> onClose) {
    this.server = server;
    this.call = call;
    this.executor = executor;
    this.onClose = onClose;
    call.setOnReadyHandler(this::scheduleDrain);
    call.setOnCancelHandler(this::close);
  }

  @Override
  public synchronized void onNext(WatchRequest req) {
    switch (req.getRequestUnionCase()) {
      case CREATE_REQUEST -> create(req.getCreateRequest());
      case CANCEL_REQUEST -> cancel(req.getCancelRequest());
      case PROGRESS_REQUEST -> progress();
      default -> { }
    }
  }

  private void create(WatchCreateRequest c) {
    ByteString key = c.getKey().isEmpty() ? ByteString.copyFrom(new byte[] {0}) : c.getKey();
    ByteString end = c.getRangeEnd();
    long rev = server.store().currentRevision();
    WatchResponse.Builder resp = WatchResponse.newBuilder().setHeader(server.header(rev))
        .setCreated(true);
    boolean fromKey = end.size() == 1 && end.byteAt(0) == 0;
    String error = permissionError(key, end);
    if (error != null) {
      enqueue(resp.setWatchId(INVALID_WATCH_ID).setCanceled(true).setCancelReason(error).build());
      return;
    }
    if (!end.isEmpty() && !fromKey
        && ByteString.unsignedLexicographicalComparator().compare(key, end) >= 0) {
      error = "mvcc: watcher range is empty";
    }
    long id = c.getWatchId();
    if (error == null && id != 0 && watchers.containsKey(id)) {
      error = "mvcc: duplicate watch ID provided on the WatchStream";
    }
    if (error != null) {
      enqueue(resp.setWatchId(INVALID_WATCH_ID).setCanceled(true).setCancelReason(error).build());
      return;
    }
    if (id == 0) {
      while (watchers.containsKey(nextWatchId)) {
        nextWatchId++;
      }
      id = nextWatchId++;
    }
    boolean noPut = c.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
    boolean noDelete = c.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
    Watcher w = new Watcher(id, key, end, noPut, noDelete, c.getPrevKv(), c.getProgressNotify(),
        c.getFragment(), this);
    watchers.put(id, w);
    if (c.getProgressNotify()) {
      quiet.put(id, true);
    }
    enqueue(resp.setWatchId(id).build());
    // from the revision after the one the answer names, not "the next change" at registration:
    // the client may write as soon as it reads the answer, and that write may be applied before
    // this thread registers the watcher (then it is replayed from history, not lost)
    server.watchHub().watch(w, c.getStartRevision() == 0 ? rev + 1 : c.getStartRevision());
  }

  /** etcd refuses a watch its sender may not read with the gRPC error's text as the reason. */
  private String permissionError(ByteString key, ByteString end) {
    try {
      server.checkWatch(key, end);
      return null;
    } catch (EtcdException e) {
      return e.error().goError();
    }
  }

  private void cancel(WatchCancelRequest c) {
    // events queued before the answer still go out, none after it (send takes the same lock): a
    // write acknowledged before the cancel was sent is seen, as etcd's stream sends what it holds
    synchronized (cancelLock) {
      Watcher w = watchers.remove(c.getWatchId());
      if (w == null) {
        return;
      }
      quiet.remove(w.id());
      server.watchHub().cancel(w);
      enqueue(WatchResponse.newBuilder()
          .setHeader(server.header(server.store().currentRevision()))
          .setWatchId(w.id()).setCanceled(true).build());
    }
    answerDeferredProgress(); // the watcher still catching up may have been this one
  }

  /**
   * A progress response tells the client it has seen every event up to its revision, so it waits
   * until every watcher of the stream has caught up, after their catch-up events, as etcd does
   * since its fix of #15220 (#15237, #17557, in its 3.4 and 3.5 branches; 3.4.23 answers at once,
   * possibly before events it then sends).
   */
  private void progress() {
    progressRequested.set(true);
    answerDeferredProgress();
  }

  private void answerDeferredProgress() {
    if (!progressRequested.get()) {
      return;
    }
    for (Watcher w : watchers.values()) {
      if (!server.watchHub().isSynced(w)) {
        return; // answered when it has caught up
      }
    }
    if (progressRequested.compareAndSet(true, false)) {
      enqueue(WatchResponse.newBuilder()
          .setHeader(server.header(server.store().currentRevision()))
          .setWatchId(INVALID_WATCH_ID).build());
    }
  }

  @Override
  public void synced(Watcher watcher) {
    answerDeferredProgress();
  }

  /** Periodic progress notification for quiet, synced watchers that asked for it. */
  void progressTick() {
    for (Map.Entry<Long, Boolean> e : quiet.entrySet()) {
      Watcher w = watchers.get(e.getKey());
      if (w != null && e.getValue() && server.watchHub().isSynced(w)) {
        enqueue(WatchResponse.newBuilder()
            .setHeader(server.header(server.store().currentRevision()))
            .setWatchId(w.id()).build());
      }
      e.setValue(true);
    }
  }

  /** Ends the stream with an error; queued, so only the sending thread touches the call. */
  @Override
  public void abort(io.grpc.Status status) {
    enqueue(status);
  }

  @Override
  public boolean hasCapacity() {
    return queued.get() < MAX_QUEUED;
  }

  @Override
  public void send(Watcher watcher, long revision, List<Event> events) {
    synchronized (cancelLock) {
      if (watchers.get(watcher.id()) == watcher) {
        enqueue(new Pending(watcher, revision, events));
      }
    }
  }

  @Override
  public void compacted(Watcher watcher, long compactRevision) {
    // as etcd, the stream keeps the ID of a watcher the compaction canceled: it stays taken, and a
    // cancel request for it is answered, until the client cancels it
    quiet.remove(watcher.id());
    // etcd's header here has no revision: the store's compaction notice carries none
    enqueue(WatchResponse.newBuilder()
        .setHeader(server.header(0))
        .setWatchId(watcher.id()).setCompactRevision(compactRevision).setCanceled(true).build());
  }

  private void enqueue(Object item) {
    if (closed) {
      return;
    }
    queue.add(item);
    queued.incrementAndGet();
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      Object item;
      while (!closed && call.isReady() && (item = queue.poll()) != null) {
        queued.decrementAndGet();
        if (item instanceof Pending p) {
          render(p).forEach(call::onNext);
        } else if (item instanceof io.grpc.Status status) {
          close();
          call.onError(status.asRuntimeException());
          return;
        } else {
          call.onNext((WatchResponse) item);
        }
      }
    } catch (RuntimeException e) {
      close();
    } finally {
      draining.set(false);
    }
    if (!queue.isEmpty() && call.isReady()) {
      scheduleDrain();
    } else if (hasCapacity()) {
      server.watchHub().wakeup();
    }
  }

  private List<WatchResponse> render(Pending p) {
    Watcher w = p.watcher();
    quiet.computeIfPresent(w.id(), (k, v) -> false);
    List<Event> events = p.events();
    if (w.wantsPrevKv()) {
      events = new ArrayList<>(events.size());
      for (Event e : p.events()) {
        if (isCreate(e)) {
          events.add(e); // as etcd: a creation has no previous value, even one deleted in its revision
          continue;
        }
        KeyValue prev = server.store().previous(e.getKv().getKey(), e.getKv().getModRevision(), 0);
        events.add(prev == null ? e : e.toBuilder().setPrevKv(prev).build());
      }
    }
    WatchResponse resp = WatchResponse.newBuilder()
        .setHeader(server.header(p.revision()))
        .setWatchId(w.id())
        .addAllEvents(events)
        .build();
    int max = server.config().maxRequestBytes();
    if (!w.wantsFragments() || events.size() < 2 || resp.getSerializedSize() < max) {
      return List.of(resp);
    }
    return fragment(resp, max);
  }

  private static boolean isCreate(Event e) {
    return e.getType() == Event.EventType.PUT
        && e.getKv().getCreateRevision() == e.getKv().getModRevision();
  }

  /**
   * Splits a response too large for the client into fragments, each under {@code max} bytes unless
   * a single event alone exceeds it; every fragment but the last is marked, as etcd does.
   */
  static List<WatchResponse> fragment(WatchResponse whole, int max) {
    List<WatchResponse> out = new ArrayList<>();
    WatchResponse.Builder cur = whole.toBuilder().clearEvents().setFragment(true);
    int size = cur.build().getSerializedSize();
    for (Event e : whole.getEventsList()) {
      int add = com.google.protobuf.CodedOutputStream.computeMessageSize(11, e);
      if (cur.getEventsCount() > 0 && size + add >= max) {
        out.add(cur.build());
        cur = whole.toBuilder().clearEvents().setFragment(true);
        size = cur.build().getSerializedSize();
      }
      cur.addEvents(e);
      size += add;
    }
    out.add(cur.setFragment(false).build());
    return out;
  }

  @Override
  public void onError(Throwable t) {
    close();
  }

  /**
   * The client closed its side: as etcd's recvLoop on EOF, the watches go on until the client
   * cancels the call (the gateway closes its side as soon as it has sent a body's requests).
   */
  @Override
  public void onCompleted() {}

  private synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Watcher w : watchers.values()) {
      server.watchHub().cancel(w);
    }
    watchers.clear();
    queue.clear();
    onClose.accept(this);
  }
}
