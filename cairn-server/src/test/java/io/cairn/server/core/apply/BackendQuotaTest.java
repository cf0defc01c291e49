package io.cairn.server.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackendQuotaTest {
  private static PutRequest put(String key, int valueBytes) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFrom(new byte[valueBytes])).build();
  }

  private static RequestOp op(PutRequest p) {
    return RequestOp.newBuilder().setRequestPut(p).build();
  }

  @Test
  void costsAreEtcdsEstimates() {
    assertThat(BackendQuota.cost(put("key", 100))).isEqualTo(256 + 3 + 100);
    assertThat(BackendQuota.cost(LeaseGrantRequest.newBuilder().setTTL(5).build())).isEqualTo(64);
    // the larger branch; ranges and deletes cost nothing
    TxnRequest txn = TxnRequest.newBuilder()
        .addSuccess(op(put("a", 10))).addSuccess(op(put("b", 10)))
        .addFailure(op(put("c", 100)))
        .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.getDefaultInstance()))
        .build();
    assertThat(BackendQuota.cost(txn)).isEqualTo(2 * (256 + 1 + 10));
    assertThat(BackendQuota.cost(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
        .setRequestDeleteRange(DeleteRangeRequest.getDefaultInstance())).build())).isZero();
  }

  @Test
  void aRequestFitsWhileSizePlusCostStaysUnderTheQuota() throws InterruptedException {
    AtomicLong size = new AtomicLong(1000);
    BackendQuota quota = BackendQuota.of(1000 + 256 + 1 + 100 + 1, size::get);
    assertThat(quota.available(put("k", 100))).isTrue();
    assertThat(quota.available(put("k", 101))).as("size + cost must stay below the quota").isFalse();
    // a read-only transaction stores nothing and passes even over the quota
    size.set(1_000_000);
    Thread.sleep(BackendQuota.SIZE_REFRESH_MS + 20);
    assertThat(quota.available(put("k", 1))).isFalse();
    assertThat(quota.available(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
        .setRequestRange(RangeRequest.getDefaultInstance())).build())).isTrue();
  }

  @Test
  void zeroIsEtcdsDefaultAndANegativeQuotaIsNone() {
    assertThat(BackendQuota.of(0, () -> 0).limitBytes()).isEqualTo(2L << 30);
    BackendQuota none = BackendQuota.of(-1, () -> Long.MAX_VALUE / 2);
    assertThat(none.enabled()).isFalse();
    assertThat(none.available(put("k", 1 << 20))).isTrue();
  }

  @Test
  void writesAppliedBetweenMeasurementsCountAtTheirCost() {
    BackendQuota quota = BackendQuota.of(10_000, () -> 1000);
    for (int i = 0; i < 20; i++) {
      PutRequest p = put("k" + i, 1000);
      if (!quota.available(p)) {
        // 1000 measured + 1258 per write charged: the eighth would reach the quota
        assertThat(i).isEqualTo(7);
        return;
      }
      quota.charge(p);
    }
    throw new AssertionError("a burst of writes passed the quota between two measurements");
  }
}
