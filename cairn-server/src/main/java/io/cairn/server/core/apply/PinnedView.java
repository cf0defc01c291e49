package io.cairn.server.core.apply;

import com.google.protobuf.ByteString;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.mvcc.KvView;
import io.cairn.server.mvcc.RangeResult;

/** Reads of the store that all default to one revision, so a read-only transaction sees one state. */
public final class PinnedView implements KvView {
  private final KvStore store;
  private final long revision;

  public PinnedView(KvStore store) {
    this.store = store;
    this.revision = store.currentRevision();
  }

  public long revision() {
    return revision;
  }

  @Override
  public long compactRevision() {
    return store.compactRevision();
  }

  @Override
  public RangeResult range(ByteString key, ByteString end, long rev, long limit, boolean countOnly) {
    if (rev > revision) {
      throw io.cairn.server.errors.EtcdError.FUTURE_REV.exception();
    }
    RangeResult r = store.range(key, end, rev <= 0 ? revision : rev, limit, countOnly);
    return new RangeResult(r.kvs(), r.count(), revision);
  }
}
