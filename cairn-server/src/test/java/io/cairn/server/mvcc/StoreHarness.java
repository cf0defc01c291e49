package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link KvStore} on a real {@link RocksBackend} in a test directory, with the apply path's write
 * protocol (begin, change, commit the batch, end) and a way to restart the store on the same data.
 */
public final class StoreHarness implements AutoCloseable {
  private final Path dir;
  private final KeyLeaseListener leaseListener;
  private RocksBackend backend;
  private KvStore store;

  public StoreHarness(Path dir) {
    this(dir, KeyLeaseListener.NONE);
  }

  public StoreHarness(Path dir, KeyLeaseListener leaseListener) {
    this.dir = dir;
    this.leaseListener = leaseListener;
    open();
  }

  private void open() {
    backend = new RocksBackend(dir);
    store = new KvStore(backend, leaseListener);
  }

  public KvStore store() {
    return store;
  }

  public RocksBackend backend() {
    return backend;
  }

  /** What one committed write request produced. */
  public record Written(long revision, List<Event> events) {}

  /** Runs one write request the way the apply thread does and publishes it. */
  public Written write(Consumer<WriteTxn> body) {
    try (BatchTx batch = backend.newBatch()) {
      WriteTxn txn = store.beginWrite(batch);
      body.accept(txn);
      batch.commit();
      long rev = txn.end();
      return new Written(rev, List.copyOf(txn.events()));
    }
  }

  public long put(String key, String value) {
    return put(key, value, 0);
  }

  public long put(String key, String value, long lease) {
    return write(t -> t.put(bs(key), bs(value), lease, false)).revision();
  }

  public long delete(String key) {
    return write(t -> t.deleteRange(bs(key), ByteString.EMPTY, false)).revision();
  }

  public void compact(long rev) {
    try (BatchTx batch = backend.newBatch()) {
      store.compact(rev, batch);
      batch.commit();
    }
  }

  /** The single key's value as of {@code rev} (0: current), or null. */
  public KeyValue get(String key, long rev) {
    List<KeyValue> kvs = store.range(bs(key), ByteString.EMPTY, rev, 0, false).kvs();
    return kvs.isEmpty() ? null : kvs.get(0);
  }

  public KeyValue get(String key) {
    return get(key, 0);
  }

  /** Closes the backend and opens a fresh store on the same directory, as a restart does. */
  public void reopen() {
    backend.close();
    open();
  }

  @Override
  public void close() {
    backend.close();
  }

  public static ByteString bs(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }
}
