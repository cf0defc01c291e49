package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: a member is SIGKILLed in the middle of a stream of concurrent puts,
 * restarted on the same data dir, and must hold every acknowledged write at its acknowledged revision.
 */
class CrashDurabilityTest {
  private static final int WRITERS = 4;

  @Test
  void everyAcknowledgedPutSurvivesSigkill(@TempDir Path tmp) throws Exception {
    MemberFlags flags = new MemberFlags("crash", tmp.resolve("data"), Ports.free(), Ports.free());
    Path log = tmp.resolve("cairn.log");
    Map<String, Long> acked = new ConcurrentHashMap<>();

    try (CairnProcess member = new CairnProcess(flags, log).start()) {
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch enough = new CountDownLatch(200);
      ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
      try (EtcdClients c = new EtcdClients(flags.clientPort())) {
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          writers.submit(() -> {
            for (int i = 0; i < 100_000 && !stop.get(); i++) {
              String key = "w" + writer + "/k" + i;
              try {
                PutResponse r = c.kv().put(PutRequest.newBuilder()
                    .setKey(ByteString.copyFromUtf8(key))
                    .setValue(ByteString.copyFromUtf8("v" + i)).build());
                acked.put(key, r.getHeader().getRevision());
                enough.countDown();
              } catch (RuntimeException e) {
                return; // the server died under us: unacknowledged, may or may not be there
              }
            }
          });
        }
        assertThat(enough.await(60, TimeUnit.SECONDS)).as("200 puts acknowledged").isTrue();
        member.kill(); // SIGKILL while the writers are still going
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }

    try (CairnProcess member = new CairnProcess(flags, log).start();
         EtcdClients c = new EtcdClients(flags.clientPort())) {
      RangeResponse all = c.kv().range(RangeRequest.newBuilder()
          .setKey(ByteString.copyFromUtf8("w")).setRangeEnd(ByteString.copyFromUtf8("x")).build());
      Map<String, Long> found = new ConcurrentHashMap<>();
      for (KeyValue kv : all.getKvsList()) {
        found.put(kv.getKey().toStringUtf8(), kv.getModRevision());
      }
      assertThat(acked).isNotEmpty();
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        assertThat(found).as("acknowledged key %s", e.getKey())
            .containsEntry(e.getKey(), e.getValue());
      }
      // revisions are dense: one per put, so nothing was applied twice or lost in between
      assertThat(all.getHeader().getRevision()).isEqualTo(1 + all.getCount());
    }
  }
}
