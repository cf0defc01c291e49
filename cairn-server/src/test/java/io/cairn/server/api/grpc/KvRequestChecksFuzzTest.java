package io.cairn.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.TxnRequest;
import io.cairn.server.errors.EtcdException;

/**
 * Coverage-guided fuzzing of what a client's bytes go through before anything is proposed: protobuf
 * parsing into an etcd request, then {@link KvRequestChecks}. The only failures allowed are the
 * documented ones: {@link InvalidProtocolBufferException} for bytes that are not the request, and
 * {@link EtcdException} for a request the checks refuse; anything else (or a hang) is a finding.
 *
 * <p>CI runs this in Jazzer's regression mode over the checked-in inputs in
 * {@code src/test/resources/io/cairn/server/api/grpc/KvRequestChecksFuzzTestInputs/}; real fuzzing:
 * see docs/reliability.md, "Fuzzing request decoding".
 */
class KvRequestChecksFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parsedRequestsAreCheckedWithoutCrashing(FuzzedDataProvider data) {
    int kind = data.consumeInt(0, 3);
    int maxTxnOps = data.consumeInt(0, 256);
    byte[] bytes = data.consumeRemainingAsBytes();
    try {
      switch (kind) {
        case 0 -> KvRequestChecks.checkRange(RangeRequest.parseFrom(bytes));
        case 1 -> KvRequestChecks.checkPut(PutRequest.parseFrom(bytes));
        case 2 -> KvRequestChecks.checkDelete(DeleteRangeRequest.parseFrom(bytes));
        default -> checkTxn(TxnRequest.parseFrom(bytes), maxTxnOps);
      }
    } catch (InvalidProtocolBufferException | EtcdException expected) {
      // not a request, or a request etcd refuses too
    }
  }

  /** A transaction the checks accept has no more ops than allowed at its top level. */
  private static void checkTxn(TxnRequest t, int maxTxnOps) {
    KvRequestChecks.checkTxn(t, maxTxnOps);
    assertThat(Math.max(t.getCompareCount(), Math.max(t.getSuccessCount(), t.getFailureCount())))
        .isLessThanOrEqualTo(maxTxnOps);
  }
}
