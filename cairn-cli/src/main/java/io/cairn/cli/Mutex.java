package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.cli.client.EtcdClient;
import java.util.List;

/**
 * concurrency's Mutex: the session's key {@code <name>/<lease ID in hex>} joins the queue under the
 * name's prefix (created if absent, in one transaction that also reads the oldest key), and the lock
 * is held once every key created before it is deleted.
 */
final class Mutex {
  private final EtcdClient client;
  private final ByteString prefix;
  private final ByteString key;
  private final long leaseId;
  private ResponseHeader header;

  Mutex(EtcdClient client, String name, LeaseSession session) {
    this.client = client;
    this.prefix = Keys.bytes(name + "/");
    this.key = Keys.bytes(name + "/" + Long.toHexString(session.leaseId()));
    this.leaseId = session.leaseId();
  }

  /**
   * Waits for the lock. When the wait fails (a signal cancelled it), the key leaves the queue and
   * the failure is thrown.
   */
  void lock(DeleteWaiter waiter) throws InterruptedException {
    RequestOp ownerRead = RequestOp.newBuilder().setRequestRange(oldestUnder(prefix)).build();
    TxnResponse resp = client.kv().txn(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
            .setResult(Compare.CompareResult.EQUAL).setCreateRevision(0))
        .addSuccess(RequestOp.newBuilder().setRequestPut(
            PutRequest.newBuilder().setKey(key).setLease(leaseId)))
        .addSuccess(ownerRead)
        .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
        .addFailure(ownerRead)
        .build());
    long myRevision = resp.getSucceeded() ? resp.getHeader().getRevision()
        : resp.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
    List<KeyValue> owner = resp.getResponses(1).getResponseRange().getKvsList();
    if (owner.isEmpty() || owner.get(0).getCreateRevision() == myRevision) {
      header = resp.getHeader();
      return;
    }
    try {
      header = waiter.waitDeletes(prefix, myRevision - 1);
    } catch (RuntimeException e) {
      unlock();
      throw e;
    }
  }

  void unlock() {
    client.kv().deleteRange(DeleteRangeRequest.newBuilder().setKey(key).build());
  }

  ByteString key() {
    return key;
  }

  /** The header of the response that granted the lock. */
  ResponseHeader header() {
    return header;
  }

  /** clientv3's WithFirstCreate: the key under the prefix created first. */
  static RangeRequest oldestUnder(ByteString prefix) {
    return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(Keys.prefixEnd(prefix))
        .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.ASCEND)
        .setLimit(1).build();
  }
}
