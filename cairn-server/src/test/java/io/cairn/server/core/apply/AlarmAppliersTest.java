package io.cairn.server.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmResponse;
import io.cairn.api.AlarmType;
import io.cairn.api.CompactionRequest;
import io.cairn.api.CompactionResponse;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseRevokeResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.server.auth.AuthInfo;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alarm decorators of the apply chain refuse what etcd's capped and corrupt appliers refuse. */
class AlarmAppliersTest {
  private static final PutRequest PUT = PutRequest.newBuilder()
      .setKey(ByteString.copyFromUtf8("k")).build();
  private static final TxnRequest TXN_WITH_PUT = TxnRequest.newBuilder()
      .addSuccess(RequestOp.newBuilder().setRequestPut(PUT)).build();
  private static final TxnRequest TXN_DELETING = TxnRequest.newBuilder()
      .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
          .setKey(ByteString.copyFromUtf8("k")))).build();

  /** Records what reached the end of the chain. */
  private static final class Recording implements RequestApplier {
    final List<String> applied = new ArrayList<>();

    @Override
    public PutResponse put(ApplyTxn t, PutRequest r) {
      applied.add("put");
      return PutResponse.getDefaultInstance();
    }

    @Override
    public DeleteRangeResponse deleteRange(ApplyTxn t, DeleteRangeRequest r) {
      applied.add("delete");
      return DeleteRangeResponse.getDefaultInstance();
    }

    @Override
    public TxnResponse txn(ApplyTxn t, TxnRequest r) {
      applied.add("txn");
      return TxnResponse.getDefaultInstance();
    }

    @Override
    public CompactionResponse compaction(ApplyTxn t, CompactionRequest r) {
      applied.add("compaction");
      return CompactionResponse.getDefaultInstance();
    }

    @Override
    public LeaseGrantResponse leaseGrant(ApplyTxn t, LeaseGrantRequest r) {
      applied.add("grant");
      return LeaseGrantResponse.getDefaultInstance();
    }

    @Override
    public LeaseRevokeResponse leaseRevoke(ApplyTxn t, LeaseRevokeRequest r) {
      applied.add("revoke");
      return LeaseRevokeResponse.getDefaultInstance();
    }

    @Override
    public AlarmResponse alarm(ApplyTxn t, AlarmRequest r) {
      applied.add("alarm");
      return AlarmResponse.getDefaultInstance();
    }

    @Override
    public com.google.protobuf.MessageLite auth(ApplyTxn t,
        io.cairn.api.internal.InternalRaftRequest r) {
      applied.add("auth");
      return r;
    }
  }

  private static void raise(RocksBackend backend, Alarms alarms, AlarmType type) {
    try (BatchTx batch = backend.newBatch()) {
      alarms.apply(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
          .setMemberID(1).setAlarm(type).build(), batch);
      batch.commit();
    }
  }

  private static void refused(EtcdError error, Runnable apply) {
    assertThatThrownBy(apply::run).isInstanceOfSatisfying(EtcdException.class,
        e -> assertThat(e.error()).isEqualTo(error));
  }

  @Test
  void underNoSpaceWhatStoresMoreIsRefusedAndWhatFreesSpaceApplies(@TempDir Path tmp) {
    try (RocksBackend backend = new RocksBackend(tmp.resolve("db"))) {
      Alarms alarms = new Alarms(backend);
      Recording end = new Recording();
      RequestApplier chain = new CorruptApplier(alarms, new CappedApplier(alarms, end));
      raise(backend, alarms, AlarmType.NOSPACE);
      ApplyTxn t = new ApplyTxn(null, null, 1, AuthInfo.NONE);

      refused(EtcdError.NO_SPACE, () -> chain.put(t, PUT));
      refused(EtcdError.NO_SPACE, () -> chain.txn(t, TXN_WITH_PUT));
      refused(EtcdError.NO_SPACE, () -> chain.leaseGrant(t, LeaseGrantRequest.getDefaultInstance()));
      chain.txn(t, TXN_DELETING);
      chain.deleteRange(t, DeleteRangeRequest.getDefaultInstance());
      chain.compaction(t, CompactionRequest.getDefaultInstance());
      chain.leaseRevoke(t, LeaseRevokeRequest.getDefaultInstance());
      chain.alarm(t, AlarmRequest.getDefaultInstance());

      assertThat(end.applied).containsExactly("txn", "delete", "compaction", "revoke", "alarm");
    }
  }

  @Test
  void underCorruptNoKeyChangesButAlarmsApply(@TempDir Path tmp) {
    try (RocksBackend backend = new RocksBackend(tmp.resolve("db"))) {
      Alarms alarms = new Alarms(backend);
      Recording end = new Recording();
      RequestApplier chain = new CorruptApplier(alarms, new CappedApplier(alarms, end));
      raise(backend, alarms, AlarmType.CORRUPT);
      ApplyTxn t = new ApplyTxn(null, null, 1, AuthInfo.NONE);

      refused(EtcdError.CORRUPT, () -> chain.put(t, PUT));
      refused(EtcdError.CORRUPT, () -> chain.txn(t, TXN_DELETING));
      refused(EtcdError.CORRUPT, () -> chain.deleteRange(t, DeleteRangeRequest.getDefaultInstance()));
      refused(EtcdError.CORRUPT, () -> chain.compaction(t, CompactionRequest.getDefaultInstance()));
      chain.alarm(t, AlarmRequest.getDefaultInstance());

      assertThat(end.applied).containsExactly("alarm");
    }
  }
}
