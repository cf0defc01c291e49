package io.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.mvcc.StoreHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessorTest {
  private static final long MIN_TTL = 2;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @TempDir Path dir;
  /** A fake monotonic clock, in nanoseconds, that only moves when a test says so. */
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private RocksBackend backend;
  private Lessor lessor;

  @BeforeEach
  void open() {
    backend = new RocksBackend(dir.resolve("db"));
    lessor = new Lessor(backend, MIN_TTL, now::get);
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private <T> T inBatch(Function<BatchTx, T> body) {
    try (BatchTx batch = backend.newBatch()) {
      T result = body.apply(batch);
      batch.commit();
      return result;
    }
  }

  private long grant(long id, long ttl) {
    return inBatch(b -> lessor.grant(id, ttl, b));
  }

  private List<ByteString> revoke(long id) {
    return inBatch(b -> lessor.revoke(id, b));
  }

  private void advanceSeconds(long s) {
    now.addAndGet(s * SECOND);
  }

  private static void assertEtcdError(ThrowingCallable call, EtcdError expected) {
    assertThatThrownBy(call).isInstanceOfSatisfying(EtcdException.class,
        e -> assertThat(e.error()).isEqualTo(expected));
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  // ---- grant

  @Test
  void grantRaisesTtlToTheMinimum() {
    assertThat(grant(1, 1)).isEqualTo(MIN_TTL);
    assertThat(grant(2, 0)).isEqualTo(MIN_TTL);
    assertThat(grant(3, 60)).isEqualTo(60);

    assertThat(lessor.timeToLive(1).ttl()).isEqualTo(MIN_TTL);
    assertThat(lessor.timeToLive(3).ttl()).isEqualTo(60);
    assertThat(lessor.ids()).containsExactly(1L, 2L, 3L);
    assertThat(lessor.exists(2)).isTrue();
    assertThat(lessor.exists(4)).isFalse();
  }

  @Test
  void grantOfAnExistingIdFailsWithLeaseExist() {
    grant(7, 10);

    assertEtcdError(() -> grant(7, 20), EtcdError.LEASE_EXIST);
    assertThat(lessor.timeToLive(7).ttl()).isEqualTo(10);
  }

  @Test
  void grantAboveTheMaximumTtlFails() {
    assertThat(grant(1, Lessor.MAX_TTL)).isEqualTo(Lessor.MAX_TTL);
    assertEtcdError(() -> grant(2, Lessor.MAX_TTL + 1), EtcdError.LEASE_TTL_TOO_LARGE);
    assertThat(lessor.exists(2)).isFalse();
  }

  // ---- revoke and attached keys

  @Test
  void revokeReturnsTheAttachedKeysSortedAndForgetsTheLease() {
    grant(1, 10);
    grant(2, 10);
    lessor.leaseChanged(bs("zeta"), 0, 1);
    lessor.leaseChanged(bs("alpha"), 0, 1);
    lessor.leaseChanged(ByteString.copyFrom(new byte[] {(byte) 0xff}), 0, 1);
    lessor.leaseChanged(bs("mid"), 0, 1);
    lessor.leaseChanged(bs("mid"), 1, 2); // moved to lease 2
    lessor.leaseChanged(bs("gone"), 0, 1);
    lessor.leaseChanged(bs("gone"), 1, 0); // detached

    List<ByteString> keys = revoke(1);

    assertThat(keys).containsExactly(bs("alpha"), bs("zeta"), ByteString.copyFrom(new byte[] {(byte) 0xff}));
    assertThat(lessor.exists(1)).isFalse();
    assertEtcdError(() -> lessor.timeToLive(1), EtcdError.LEASE_NOT_FOUND);
    assertEtcdError(() -> revoke(1), EtcdError.LEASE_NOT_FOUND);
    assertThat(lessor.timeToLive(2).keys()).containsExactly(bs("mid"));
  }

  @Test
  void revokeOfAnUnknownLeaseFails() {
    assertEtcdError(() -> revoke(42), EtcdError.LEASE_NOT_FOUND);
  }

  @Test
  void keysFollowPutsAndDeletesInTheStore(@TempDir Path kvDir) {
    grant(1, 10);
    grant(2, 10);
    try (StoreHarness kv = new StoreHarness(kvDir.resolve("db"), lessor)) {
      kv.put("b", "v", 1);
      kv.put("a", "v", 1);
      kv.put("c", "v", 1);
      kv.put("c", "v", 2);
      kv.delete("b");

      assertThat(lessor.timeToLive(1).keys()).containsExactly(bs("a"));
      assertThat(revoke(2)).containsExactly(bs("c"));
    }
  }

  // ---- renew, expiry, leadership

  @Test
  void onlyThePrimaryExpiresLeases() {
    grant(1, 5);
    advanceSeconds(1_000);

    assertThat(lessor.isPrimary()).isFalse();
    assertThat(lessor.expired()).isEmpty();
    assertThat(lessor.timeToLive(1).remainingSeconds()).as("a follower keeps leases forever").isEqualTo(5);
  }

  @Test
  void promoteRestartsEveryTtlInFullPlusTheExtension() {
    grant(1, 5);
    grant(2, 10);
    advanceSeconds(100);

    lessor.promote(3 * SECOND);

    assertThat(lessor.isPrimary()).isTrue();
    assertThat(lessor.timeToLive(1).remainingSeconds()).isEqualTo(8);
    advanceSeconds(7);
    assertThat(lessor.expired()).isEmpty();
    advanceSeconds(1);
    assertThat(lessor.expired()).containsExactly(1L);
    assertThat(lessor.timeToLive(1).remainingSeconds()).isEqualTo(-1);
    advanceSeconds(5);
    assertThat(lessor.expired()).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void grantOnThePrimaryStartsTheCountdown() {
    lessor.promote(0);
    grant(1, 10);

    advanceSeconds(4);
    assertThat(lessor.timeToLive(1).remainingSeconds()).isEqualTo(6);
    assertThat(lessor.expired()).isEmpty();
    advanceSeconds(6);
    assertThat(lessor.expired()).containsExactly(1L);
  }

  @Test
  void renewOnThePrimaryResetsOnlyTheExpiry() {
    lessor.promote(0);
    grant(1, 10);
    advanceSeconds(9);

    assertThat(lessor.renew(1)).isEqualTo(10);

    assertThat(lessor.timeToLive(1).ttl()).isEqualTo(10);
    assertThat(lessor.timeToLive(1).remainingSeconds()).isEqualTo(10);
    advanceSeconds(9);
    assertThat(lessor.expired()).isEmpty();
    advanceSeconds(1);
    assertThat(lessor.expired()).containsExactly(1L);
  }

  @Test
  void renewOfAnExpiredOrUnknownLeaseOnThePrimaryFails() {
    lessor.promote(0);
    grant(1, 10);
    advanceSeconds(10);

    assertEtcdError(() -> lessor.renew(1), EtcdError.LEASE_NOT_FOUND);
    assertEtcdError(() -> lessor.renew(99), EtcdError.LEASE_NOT_FOUND);
    assertThat(lessor.expired()).as("a failed renew does not revive the lease").containsExactly(1L);
  }

  @Test
  void renewOnANonPrimaryIsRefusedAndStartsNoCountdown() {
    grant(1, 10);

    assertThatThrownBy(() -> lessor.renew(1)).as("only the leader's lessor may promise a TTL")
        .isInstanceOf(NotPrimaryException.class);
    advanceSeconds(4);
    assertThat(lessor.timeToLive(1).remainingSeconds()).as("followers keep every lease forever")
        .isEqualTo(10);
    lessor.promote(0);
    lessor.demote();
    assertThatThrownBy(() -> lessor.renew(1)).isInstanceOf(NotPrimaryException.class);
    advanceSeconds(4);
    assertThat(lessor.timeToLive(1).remainingSeconds()).isEqualTo(10);
  }

  @Test
  void demoteStopsExpiryUntilTheNextPromote() {
    lessor.promote(0);
    grant(1, 5);
    advanceSeconds(6);
    assertThat(lessor.expired()).containsExactly(1L);

    lessor.demote();

    assertThat(lessor.isPrimary()).isFalse();
    assertThat(lessor.expired()).isEmpty();
    assertThat(lessor.timeToLive(1).remainingSeconds()).isEqualTo(5);
    advanceSeconds(100);
    lessor.promote(0);
    assertThat(lessor.expired()).as("a new leader gives every lease its full TTL").isEmpty();
    advanceSeconds(5);
    assertThat(lessor.expired()).containsExactly(1L);
  }

  // ---- persistence

  @Test
  void leasesSurviveAReopenWithTheirEffectiveTtlAndWithoutExpiry() {
    grant(1, 1); // raised to MIN_TTL
    grant(2, 30);
    grant(3, 40);
    revoke(3);
    lessor.promote(0);
    advanceSeconds(1_000);

    backend.close();
    backend = new RocksBackend(dir.resolve("db"));
    lessor = new Lessor(backend, MIN_TTL, now::get);

    assertThat(lessor.ids()).containsExactly(1L, 2L);
    assertThat(lessor.timeToLive(1).ttl()).isEqualTo(MIN_TTL);
    assertThat(lessor.timeToLive(2).ttl()).isEqualTo(30);
    assertThat(lessor.isPrimary()).isFalse();
    lessor.promote(0);
    assertThat(lessor.expired()).isEmpty();
    assertThat(lessor.timeToLive(2).remainingSeconds()).isEqualTo(30);
    assertEtcdError(() -> grant(2, 5), EtcdError.LEASE_EXIST);
  }

  @Test
  void attachedKeysAreRebuiltFromTheStoreAfterARestart(@TempDir Path kvDir) {
    grant(1, 10);
    StoreHarness kv = new StoreHarness(kvDir.resolve("db"), lessor);
    try {
      kv.put("k2", "v", 1);
      kv.put("k1", "v", 1);
      kv.put("k3", "v", 0);
    } finally {
      kv.close();
    }
    backend.close();

    backend = new RocksBackend(dir.resolve("db"));
    lessor = new Lessor(backend, MIN_TTL, now::get);
    try (StoreHarness reopened = new StoreHarness(kvDir.resolve("db"), lessor)) {
      reopened.store().forEachLeasedKey((key, lease) -> lessor.leaseChanged(key, 0, lease));

      assertThat(lessor.timeToLive(1).keys()).containsExactly(bs("k1"), bs("k2"));
    }
  }
}
