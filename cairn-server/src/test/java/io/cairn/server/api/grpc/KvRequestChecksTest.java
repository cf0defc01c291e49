package io.cairn.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class KvRequestChecksTest {
  private static final int MAX_OPS = 4;

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static RequestOp put(String key) {
    return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs(key)).setValue(bs("v")))
        .build();
  }

  private static RequestOp get(String key) {
    return RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(bs(key))).build();
  }

  private static RequestOp del(String key) {
    return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs(key)))
        .build();
  }

  private static RequestOp del(String key, String end) {
    return RequestOp.newBuilder().setRequestDeleteRange(
        DeleteRangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end))).build();
  }

  private static RequestOp txn(TxnRequest.Builder t) {
    return RequestOp.newBuilder().setRequestTxn(t).build();
  }

  private static TxnRequest.Builder then(RequestOp... ops) {
    TxnRequest.Builder t = TxnRequest.newBuilder();
    for (RequestOp op : ops) {
      t.addSuccess(op);
    }
    return t;
  }

  private static TxnRequest.Builder thenElse(RequestOp[] success, RequestOp... failure) {
    TxnRequest.Builder t = then(success);
    for (RequestOp op : failure) {
      t.addFailure(op);
    }
    return t;
  }

  private static RequestOp[] ops(RequestOp... ops) {
    return ops;
  }

  private static Compare compare(String key) {
    return Compare.newBuilder().setKey(bs(key)).setTarget(Compare.CompareTarget.VERSION).build();
  }

  private static void assertRejected(ThrowingCallable call, EtcdError expected) {
    assertThatThrownBy(call).isInstanceOfSatisfying(EtcdException.class,
        e -> assertThat(e.error()).isEqualTo(expected));
  }

  private static void assertTxnRejected(TxnRequest.Builder t, EtcdError expected) {
    assertRejected(() -> KvRequestChecks.checkTxn(t.build(), MAX_OPS), expected);
  }

  private static void assertTxnAccepted(TxnRequest.Builder t) {
    assertThatCode(() -> KvRequestChecks.checkTxn(t.build(), MAX_OPS)).doesNotThrowAnyException();
  }

  // ---- single requests

  @Test
  void everyRequestNeedsAKey() {
    assertRejected(() -> KvRequestChecks.checkRange(RangeRequest.newBuilder().setRangeEnd(bs("z")).build()),
        EtcdError.EMPTY_KEY);
    assertRejected(() -> KvRequestChecks.checkPut(PutRequest.newBuilder().setValue(bs("v")).build()),
        EtcdError.EMPTY_KEY);
    assertRejected(() -> KvRequestChecks.checkDelete(DeleteRangeRequest.newBuilder().build()),
        EtcdError.EMPTY_KEY);
    assertThatCode(() -> KvRequestChecks.checkRange(RangeRequest.newBuilder().setKey(bs("a")).build()))
        .doesNotThrowAnyException();
    assertThatCode(() -> KvRequestChecks.checkDelete(DeleteRangeRequest.newBuilder().setKey(bs("a")).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void ignoreValueRejectsAValueAndIgnoreLeaseRejectsALease() {
    assertRejected(() -> KvRequestChecks.checkPut(
        PutRequest.newBuilder().setKey(bs("a")).setValue(bs("v")).setIgnoreValue(true).build()),
        EtcdError.VALUE_PROVIDED);
    assertRejected(() -> KvRequestChecks.checkPut(
        PutRequest.newBuilder().setKey(bs("a")).setLease(5).setIgnoreLease(true).build()),
        EtcdError.LEASE_PROVIDED);
    assertThatCode(() -> KvRequestChecks.checkPut(
        PutRequest.newBuilder().setKey(bs("a")).setLease(5).setIgnoreValue(true).build()))
        .doesNotThrowAnyException();
    assertThatCode(() -> KvRequestChecks.checkPut(
        PutRequest.newBuilder().setKey(bs("a")).setValue(bs("v")).setIgnoreLease(true).build()))
        .doesNotThrowAnyException();
  }

  // ---- txn size and ops

  @Test
  void txnWithMoreComparesOrOpsThanTheMaximumIsRejected() {
    assertTxnAccepted(then(put("a"), put("b"), put("c"), put("d")));
    assertTxnRejected(then(put("a"), put("b"), put("c"), put("d"), put("e")), EtcdError.TOO_MANY_OPS);
    assertTxnRejected(thenElse(ops(), get("a"), get("b"), get("c"), get("d"), get("e")),
        EtcdError.TOO_MANY_OPS);
    TxnRequest.Builder compares = TxnRequest.newBuilder();
    for (String k : new String[] {"a", "b", "c", "d", "e"}) {
      compares.addCompare(compare(k));
    }
    assertTxnRejected(compares, EtcdError.TOO_MANY_OPS);
  }

  @Test
  void nestedTxnMayOnlyUseWhatItsParentLeftOfTheMaximum() {
    // the outer txn uses 2 of 4, so a nested txn may use 2
    assertTxnAccepted(then(put("a"), txn(then(put("b"), put("c")))));
    assertTxnRejected(then(put("a"), txn(then(put("b"), put("c"), put("d")))), EtcdError.TOO_MANY_OPS);
  }

  @Test
  void emptyKeysAnywhereInATxnAreRejected() {
    assertTxnRejected(TxnRequest.newBuilder().addCompare(compare("")), EtcdError.EMPTY_KEY);
    assertTxnRejected(then(put("a"), get("")), EtcdError.EMPTY_KEY);
    assertTxnRejected(thenElse(ops(put("a")), del("")), EtcdError.EMPTY_KEY);
    assertTxnRejected(then(txn(TxnRequest.newBuilder().addCompare(compare("")))), EtcdError.EMPTY_KEY);
  }

  @Test
  void putWithIgnoreFlagsInsideATxnIsCheckedToo() {
    RequestOp bad = RequestOp.newBuilder().setRequestPut(
        PutRequest.newBuilder().setKey(bs("a")).setValue(bs("v")).setIgnoreValue(true)).build();

    assertTxnRejected(then(txn(then(bad))), EtcdError.VALUE_PROVIDED);
  }

  @Test
  void emptyOpIsRejectedAsEtcdDoes() {
    assertTxnRejected(then(RequestOp.getDefaultInstance()), EtcdError.KEY_NOT_FOUND);
  }

  // ---- duplicate keys

  @Test
  void sameKeyPutTwiceInOneBranchIsADuplicate() {
    assertTxnRejected(then(put("a"), put("b"), put("a")), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(thenElse(ops(), put("a"), put("a")), EtcdError.DUPLICATE_KEY);
  }

  @Test
  void sameKeyInTheTwoBranchesOfATxnIsFine() {
    assertTxnAccepted(thenElse(ops(put("a")), put("a")));
    assertTxnAccepted(thenElse(ops(put("a")), del("a")));
  }

  @Test
  void putInsideADeletedRangeIsADuplicate() {
    assertTxnRejected(then(put("a"), del("a")), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(del("a", "c"), put("b")), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(del("a", "c"), put("a")), EtcdError.DUPLICATE_KEY);
    assertTxnAccepted(then(del("a", "c"), put("c")));
    assertTxnAccepted(then(del("a"), put("ab")));
    assertTxnAccepted(then(del("a", "c"), del("b", "d"), get("b")));
  }

  @Test
  void nestedThenAndElseMayPutTheSameKey() {
    assertTxnAccepted(then(txn(thenElse(ops(put("k")), put("k")))));
    assertTxnAccepted(then(put("x"), txn(thenElse(ops(put("k"), put("j")), put("k")))));
  }

  @Test
  void nestedPutsMayNotClashWithTheirParentOrSiblings() {
    assertTxnRejected(then(put("k"), txn(then(put("k")))), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(put("k"), txn(thenElse(ops(), put("k")))), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(txn(then(put("k"))), txn(thenElse(ops(), put("k")))), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(del("k"), txn(then(put("k")))), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(del("a", "z"), txn(thenElse(ops(), put("k")))), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(txn(then(del("k"))), put("k")), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(txn(thenElse(ops(), del("a", "z"))), put("k")), EtcdError.DUPLICATE_KEY);
    assertTxnRejected(then(txn(then(del("k"))), txn(then(put("k")))), EtcdError.DUPLICATE_KEY);
  }

  @Test
  void deepNestingIsCheckedAllTheWayDown() {
    TxnRequest clash = then(put("k"), txn(then(txn(then(txn(then(put("k")))))))).build();
    TxnRequest fine = then(put("k"), txn(then(txn(then(txn(then(put("j")))))))).build();

    assertRejected(() -> KvRequestChecks.checkTxn(clash, 16), EtcdError.DUPLICATE_KEY);
    assertThatCode(() -> KvRequestChecks.checkTxn(fine, 16)).doesNotThrowAnyException();
    // each level may only use what the level above left: 4 - 2 - 1 - 1 leaves nothing for the last
    assertRejected(() -> KvRequestChecks.checkTxn(fine, MAX_OPS), EtcdError.TOO_MANY_OPS);
  }
}
