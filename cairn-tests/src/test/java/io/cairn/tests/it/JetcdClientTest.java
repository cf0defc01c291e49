package io.cairn.tests.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jetcd client library against an in-process member: what Java applications will do. */
class JetcdClientTest {
  @TempDir
  static Path tmp;
  static CairnMember member;
  static Client client;

  @BeforeAll
  static void start() {
    MemberFlags flags = new MemberFlags("it", tmp.resolve("data"), Ports.free(), Ports.free());
    member = CairnMember.start(flags);
    client = Client.builder().endpoints(member.endpoint()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    member.close();
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(15, TimeUnit.SECONDS);
  }

  @Test
  void putThenGetSeesTheValueAtItsRevision() throws Exception {
    long rev = get(client.getKVClient().put(bs("it/a"), bs("1"))).getHeader().getRevision();
    GetResponse r = get(client.getKVClient().get(bs("it/a")));
    assertThat(r.getKvs()).hasSize(1);
    KeyValue kv = r.getKvs().get(0);
    assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("1");
    assertThat(kv.getModRevision()).isEqualTo(rev);
    assertThat(kv.getCreateRevision()).isEqualTo(rev);
    assertThat(kv.getVersion()).isEqualTo(1);
  }

  @Test
  void transactionChoosesBranchByCompare() throws Exception {
    get(client.getKVClient().put(bs("it/txn"), bs("old")));
    TxnResponse t = get(client.getKVClient().txn()
        .If(new Cmp(bs("it/txn"), Cmp.Op.EQUAL, CmpTarget.value(bs("old"))))
        .Then(Op.put(bs("it/txn"), bs("new"), PutOption.DEFAULT))
        .Else(Op.put(bs("it/txn"), bs("else"), PutOption.DEFAULT))
        .commit());
    assertThat(t.isSucceeded()).isTrue();
    assertThat(get(client.getKVClient().get(bs("it/txn"))).getKvs().get(0).getValue()
        .toString(StandardCharsets.UTF_8)).isEqualTo("new");
  }

  @Test
  void prefixDeleteAndCount() throws Exception {
    for (int i = 0; i < 5; i++) {
      get(client.getKVClient().put(bs("it/del/" + i), bs("v")));
    }
    assertThat(get(client.getKVClient().delete(bs("it/del/"),
        io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build())).getDeleted())
        .isEqualTo(5);
    assertThat(get(client.getKVClient().get(bs("it/del/"),
        GetOption.builder().isPrefix(true).withCountOnly(true).build())).getCount()).isZero();
  }

  @Test
  void watchDeliversHistoryThenLiveEventsInOrder() throws Exception {
    long first = get(client.getKVClient().put(bs("it/w"), bs("1"))).getHeader().getRevision();
    get(client.getKVClient().put(bs("it/w"), bs("2")));
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch.Watcher w = client.getWatchClient().watch(bs("it/w"),
        WatchOption.builder().withRevision(first).withPrevKV(true).build(),
        resp -> resp.getEvents().forEach(e -> seen.add(e.getEventType() + ":"
            + e.getKeyValue().getValue().toString(StandardCharsets.UTF_8)
            + "<" + e.getPrevKV().getValue().toString(StandardCharsets.UTF_8))))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      get(client.getKVClient().put(bs("it/w"), bs("3")));
      get(client.getKVClient().delete(bs("it/w")));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
    }
    assertThat(seen).containsExactly("PUT:1<", "PUT:2<1", "PUT:3<2", "DELETE:<3");
  }

  @Test
  void leaseRevokeDeletesAttachedKeys() throws Exception {
    long id = get(client.getLeaseClient().grant(60)).getID();
    get(client.getKVClient().put(bs("it/lease"), bs("v"), PutOption.builder().withLeaseId(id).build()));
    LeaseKeepAliveResponse ka = get(client.getLeaseClient().keepAliveOnce(id));
    assertThat(ka.getTTL()).isEqualTo(60);
    assertThat(get(client.getLeaseClient().timeToLive(id,
        io.etcd.jetcd.options.LeaseOption.builder().withAttachedKeys().build())).getKeys())
        .extracting(k -> k.toString(StandardCharsets.UTF_8)).containsExactly("it/lease");
    get(client.getLeaseClient().revoke(id));
    assertThat(get(client.getKVClient().get(bs("it/lease"))).getKvs()).isEmpty();
  }

  @Test
  void leaseExpiresAndTakesItsKeysWithIt() throws Exception {
    long id = get(client.getLeaseClient().grant(2)).getID();
    get(client.getKVClient().put(bs("it/expiring"), bs("v"), PutOption.builder().withLeaseId(id).build()));
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> get(client.getKVClient().get(bs("it/expiring"))).getKvs().isEmpty());
    assertThat(get(client.getLeaseClient().timeToLive(id,
        io.etcd.jetcd.options.LeaseOption.DEFAULT)).getTTL()).isEqualTo(-1);
  }

  @Test
  void compactedRevisionIsRejected() throws Exception {
    get(client.getKVClient().put(bs("it/c"), bs("1")));
    long rev = get(client.getKVClient().put(bs("it/c"), bs("2"))).getHeader().getRevision();
    get(client.getKVClient().compact(rev));
    assertThatThrownBy(() -> get(client.getKVClient().get(bs("it/c"),
        GetOption.builder().withRevision(rev - 1).build())))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("required revision has been compacted");
  }

  @Test
  void statusReportsThisMemberAsLeader() throws Exception {
    StatusResponse before = get(client.getMaintenanceClient().statusMember(member.endpoint()));
    get(client.getKVClient().put(bs("it/status"), bs("v")));
    StatusResponse s = get(client.getMaintenanceClient().statusMember(member.endpoint()));
    assertThat(s.getLeader()).isEqualTo(s.getHeader().getMemberId());
    assertThat(s.getRaftIndex()).isGreaterThan(before.getRaftIndex());
    assertThat(get(client.getClusterClient().listMember()).getMembers()).hasSize(1);
  }

  @Test
  void watchEventTypesFollowPutsAndDeletes() throws Exception {
    List<WatchEvent.EventType> types = new CopyOnWriteArrayList<>();
    long next = get(client.getKVClient().put(bs("it/other"), bs("x"))).getHeader().getRevision() + 1;
    try (Watch.Watcher w = client.getWatchClient().watch(bs("it/types/"),
        WatchOption.builder().isPrefix(true).withRevision(next).build(),
        resp -> resp.getEvents().forEach(e -> types.add(e.getEventType())))) {
      get(client.getKVClient().put(bs("it/types/a"), bs("1")));
      get(client.getKVClient().delete(bs("it/types/a")));
      await().atMost(Duration.ofSeconds(10)).until(() -> types.size() == 2);
    }
    assertThat(types).containsExactly(WatchEvent.EventType.PUT, WatchEvent.EventType.DELETE);
  }
}
