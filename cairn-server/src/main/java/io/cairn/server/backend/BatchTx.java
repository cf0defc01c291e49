package io.cairn.server.backend;

/** Buffered writes that become visible and durable together on {@link #commit()}. */
public interface BatchTx extends AutoCloseable {
  void put(Bucket bucket, byte[] key, byte[] value);

  void delete(Bucket bucket, byte[] key);

  /** Deletes keys in [from, to). */
  void deleteRange(Bucket bucket, byte[] from, byte[] to);

  boolean isEmpty();

  void commit();

  @Override
  void close();
}
