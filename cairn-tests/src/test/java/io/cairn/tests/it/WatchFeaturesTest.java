package io.cairn.tests.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.Event;
import io.cairn.api.PutRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.WatchCancelRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchProgressRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch protocol features beyond plain events: progress notifications and requests, fragments. */
class WatchFeaturesTest {
  private static final int MAX_REQUEST_BYTES = 64 * 1024;
  @TempDir
  static Path tmp;
  static CairnMember member;
  static EtcdClients c;

  @BeforeAll
  static void start() {
    MemberFlags flags = new MemberFlags("watch", tmp.resolve("data"), Ports.free(), Ports.free())
        .with("--experimental-watch-progress-notify-interval=500ms",
            "--max-request-bytes=" + MAX_REQUEST_BYTES);
    member = CairnMember.start(flags);
    c = new EtcdClients(flags.clientPort());
  }

  @AfterAll
  static void stop() throws Exception {
    c.close();
    member.close();
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private StreamObserver<WatchRequest> open(BlockingQueue<WatchResponse> got) {
    return c.watch().watch(BadInputTest.collector(got));
  }

  @Test
  void quietWatcherGetsPeriodicProgressNotifications() throws Exception {
    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> s = open(got);
    s.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("quiet")).setProgressNotify(true)).build());
    WatchResponse created = got.poll(10, TimeUnit.SECONDS);
    assertThat(created.getCreated()).isTrue();
    long rev = c.kv().put(PutRequest.newBuilder().setKey(bs("elsewhere")).setValue(bs("x")).build())
        .getHeader().getRevision();
    // notifications keep coming while the watcher stays quiet; one must report the new revision
    long seen = 0;
    for (int i = 0; i < 20 && seen < rev; i++) {
      WatchResponse progress = got.poll(10, TimeUnit.SECONDS);
      assertThat(progress).isNotNull();
      assertThat(progress.getWatchId()).isEqualTo(created.getWatchId());
      assertThat(progress.getEventsList()).isEmpty();
      seen = progress.getHeader().getRevision();
    }
    assertThat(seen).isGreaterThanOrEqualTo(rev);
    s.onCompleted();
  }

  @Test
  void progressRequestIsAnsweredWithTheCurrentRevision() throws Exception {
    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> s = open(got);
    s.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("p"))).build());
    assertThat(got.poll(10, TimeUnit.SECONDS).getCreated()).isTrue();
    long rev = c.kv().put(PutRequest.newBuilder().setKey(bs("other")).setValue(bs("x")).build())
        .getHeader().getRevision();
    s.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
    WatchResponse r = got.poll(10, TimeUnit.SECONDS);
    assertThat(r.getWatchId()).isEqualTo(-1);
    assertThat(r.getHeader().getRevision()).isEqualTo(rev);
    s.onCompleted();
  }

  /**
   * etcd #15220: a progress response asked for while a watcher replays history comes after the
   * replayed events, and comes even when no replayed event matches (etcd #17557).
   */
  @Test
  void progressRequestWaitsForEveryWatcherToCatchUp() throws Exception {
    long first = 0;
    for (int i = 0; i < 200; i++) {
      long rev = c.kv().put(PutRequest.newBuilder().setKey(bs("replayed/" + i)).setValue(bs("v"))
          .build()).getHeader().getRevision();
      first = first == 0 ? rev : first;
    }
    long last = c.kv().put(PutRequest.newBuilder().setKey(bs("replayed/last")).setValue(bs("v"))
        .build()).getHeader().getRevision();
    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> s = open(got);
    s.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("replayed/")).setRangeEnd(bs("replayed0")).setStartRevision(first)).build());
    // a watcher whose replay has no event for it at all
    s.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("never-written")).setStartRevision(first)).build());
    s.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance())
        .build());
    long eventsBeforeProgress = 0;
    WatchResponse progress = null;
    for (int i = 0; i < 1000 && progress == null; i++) {
      WatchResponse r = got.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a response within 10 s").isNotNull();
      if (r.getWatchId() == -1 && !r.getCreated()) {
        progress = r;
      } else {
        eventsBeforeProgress += r.getEventsCount();
      }
    }
    assertThat(eventsBeforeProgress).isEqualTo(last - first + 1);
    assertThat(progress.getHeader().getRevision()).isEqualTo(last);
    s.onCompleted();
  }

  @Test
  void watcherCanceledByCompactionKeepsItsIdUntilTheClientCancelsIt() throws Exception {
    // found by RandomDifferentialTest: etcd answers a cancel of such a watcher, and its ID stays taken
    long first = c.kv().put(PutRequest.newBuilder().setKey(bs("compacted")).setValue(bs("1")).build())
        .getHeader().getRevision();
    long rev = c.kv().put(PutRequest.newBuilder().setKey(bs("compacted")).setValue(bs("2")).build())
        .getHeader().getRevision();
    c.kv().compact(CompactionRequest.newBuilder().setRevision(rev).build());
    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> s = open(got);
    WatchCreateRequest create = WatchCreateRequest.newBuilder().setKey(bs("compacted"))
        .setStartRevision(first).setWatchId(7).build();
    s.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
    assertThat(got.poll(10, TimeUnit.SECONDS).getCreated()).isTrue();
    WatchResponse compacted = got.poll(10, TimeUnit.SECONDS);
    assertThat(compacted.getCanceled()).isTrue();
    assertThat(compacted.getCompactRevision()).isEqualTo(rev);

    s.onNext(WatchRequest.newBuilder().setCreateRequest(create.toBuilder().setStartRevision(0)).build());
    WatchResponse again = got.poll(10, TimeUnit.SECONDS);
    assertThat(again.getCreated()).isTrue();
    assertThat(again.getCanceled()).as("ID 7 is still taken").isTrue();
    assertThat(again.getCancelReason()).isEqualTo("mvcc: duplicate watch ID provided on the WatchStream");
    s.onNext(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(7))
        .build());
    WatchResponse canceled = got.poll(10, TimeUnit.SECONDS);
    assertThat(canceled.getWatchId()).isEqualTo(7);
    assertThat(canceled.getCanceled()).isTrue();
    assertThat(canceled.getCompactRevision()).isZero();
    s.onCompleted();
  }

  @Test
  void creationHasNoPrevKvEvenWhenTheKeyWasDeletedInTheSameRevision() throws Exception {
    // found by RandomDifferentialTest: etcd looks up prev_kv only for events that are not creations
    c.kv().put(PutRequest.newBuilder().setKey(bs("~~prevkv")).setValue(bs("1")).build());
    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> s = open(got);
    s.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("~~prevkv")).setPrevKv(true)).build());
    assertThat(got.poll(10, TimeUnit.SECONDS).getCreated()).isTrue();
    // a from-key delete does not conflict with a put of a key it covers (etcd's checkIntervals)
    c.kv().txn(TxnRequest.newBuilder()
        .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
            .setKey(bs("~~prevkv")).setRangeEnd(ByteString.copyFrom(new byte[] {0}))))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(bs("~~prevkv")).setValue(bs("2"))))
        .build());
    List<Event> events = new ArrayList<>();
    while (events.size() < 2) {
      WatchResponse r = got.poll(10, TimeUnit.SECONDS);
      assertThat(r).isNotNull();
      events.addAll(r.getEventsList());
    }
    assertThat(events.get(0).getType()).isEqualTo(Event.EventType.DELETE);
    assertThat(events.get(0).getPrevKv().getValue()).isEqualTo(bs("1"));
    assertThat(events.get(1).getType()).isEqualTo(Event.EventType.PUT);
    assertThat(events.get(1).getKv().getVersion()).isEqualTo(1);
    assertThat(events.get(1).hasPrevKv()).isFalse();
    s.onCompleted();
  }

  @Test
  void largeRevisionIsSplitIntoFragmentsForClientsThatAskForThem() throws Exception {
    String value = "v".repeat(15_000);
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    for (int i = 0; i < 3; i++) {
      txn.addSuccess(RequestOp.newBuilder().setRequestPut(
          PutRequest.newBuilder().setKey(bs("frag/" + i)).setValue(bs(value))));
    }
    long first = c.kv().txn(txn.build()).getHeader().getRevision();
    long second = c.kv().txn(txn.build()).getHeader().getRevision();

    BlockingQueue<WatchResponse> got = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> s = open(got);
    s.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
        .setKey(bs("frag/")).setRangeEnd(bs("frag0")).setStartRevision(second)
        .setPrevKv(true).setFragment(true)).build());
    assertThat(got.poll(10, TimeUnit.SECONDS).getCreated()).isTrue();
    List<WatchResponse> parts = new ArrayList<>();
    int events = 0;
    while (events < 3) {
      WatchResponse r = got.poll(10, TimeUnit.SECONDS);
      assertThat(r).isNotNull();
      parts.add(r);
      events += r.getEventsCount();
    }
    assertThat(parts.size()).isGreaterThan(1);
    for (int i = 0; i < parts.size(); i++) {
      assertThat(parts.get(i).getFragment()).isEqualTo(i < parts.size() - 1);
      assertThat(parts.get(i).getSerializedSize()).isLessThan(MAX_REQUEST_BYTES);
      assertThat(parts.get(i).getEvents(0).getPrevKv().getModRevision()).isEqualTo(first);
    }
    s.onCompleted();
  }
}
