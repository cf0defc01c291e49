package io.cairn.bench;

import com.google.protobuf.ByteString;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * etcd benchmark's txn-mixed: each request is a txn of {@code --txn-ops} operations, either all
 * ranges over {@code key [end-range]} or all puts of random keys, reads chosen with probability
 * rw-ratio / (1 + rw-ratio). A txn of serializable ranges only is served by the member locally, as in
 * etcd.
 */
@Command(name = "txn-mixed", mixinStandardHelpOptions = true,
    description = "A mixed load of txn-range and txn-put (etcd benchmark txn-mixed key [end-range]).")
final class TxnMixed implements Callable<Integer> {
  @Mixin Main.Common common = new Main.Common();
  @Mixin Main.Keys keys = new Main.Keys();
  @Parameters(index = "0", description = "key the read txns range from")
  String key;
  @Parameters(index = "1", arity = "0..1", description = "range end (exclusive) of the read txns")
  String end;
  @Option(names = "--rw-ratio", defaultValue = "1", description = "read/write ratio (1: half reads)")
  double rwRatio;
  @Option(names = "--txn-ops", defaultValue = "1", description = "operations per txn")
  int txnOps;
  @Option(names = "--consistency", defaultValue = "l", description = "l (linearizable) or s (serializable) reads")
  Main.Consistency consistency;
  @Option(names = "--limit", defaultValue = "0", description = "maximum keys per range")
  long limit;

  @Override
  public Integer call() throws Exception {
    ByteString value = Main.randomBytes(keys.valSize);
    RangeRequest.Builder range = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setSerializable(consistency == Main.Consistency.s).setLimit(limit);
    if (end != null) {
      range.setRangeEnd(ByteString.copyFromUtf8(end));
    }
    TxnRequest.Builder read = TxnRequest.newBuilder();
    for (int i = 0; i < txnOps; i++) {
      read.addSuccess(RequestOp.newBuilder().setRequestRange(range));
    }
    TxnRequest readTxn = read.build();
    double readShare = rwRatio / (1 + rwRatio);
    String note = String.format(Locale.ROOT, "%s, txn-ops %d, rw-ratio %.2f, %s reads of %s%s",
        keys.describe(), txnOps, rwRatio, consistency == Main.Consistency.s ? "serializable" : "linearizable",
        key, end == null ? "" : " .. " + end);
    return Main.execute(common, "txn-mixed", note, conns -> {
      List<KVGrpc.KVStub> stubs = new ArrayList<>();
      conns.channels.forEach(ch -> stubs.add(KVGrpc.newStub(ch)));
      return (client, done) -> {
        TxnRequest txn;
        if (ThreadLocalRandom.current().nextDouble() < readShare) {
          txn = readTxn;
        } else {
          TxnRequest.Builder t = TxnRequest.newBuilder();
          long base = keys.nextIndex();
          for (int i = 0; i < txnOps; i++) {
            t.addSuccess(RequestOp.newBuilder().setRequestPut(
                PutRequest.newBuilder().setKey(Main.key(base * txnOps + i, keys.keySize)).setValue(value)));
          }
          txn = t.build();
        }
        stubs.get(client % stubs.size()).txn(txn, Runner.observer(done));
      };
    });
  }
}
