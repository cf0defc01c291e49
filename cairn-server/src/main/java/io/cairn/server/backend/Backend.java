package io.cairn.server.backend;

/**
 * The only durable store of applied state. Writes happen in {@link BatchTx}es that commit atomically;
 * reads see committed data only. Keys within a bucket are ordered by unsigned byte comparison.
 */
public interface Backend extends AutoCloseable {

  /** Visits one key/value; returns false to stop the iteration. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  byte[] get(Bucket bucket, byte[] key);

  /** Visits keys in [from, to) in order; a null {@code to} means to the end of the bucket. */
  void forEach(Bucket bucket, byte[] from, byte[] to, Visitor visitor);

  BatchTx newBatch();

  /** A consistent point-in-time view of all buckets, to stream out as a snapshot. */
  ReadSnapshot snapshot();

  /** Bytes the backend occupies on disk. */
  long sizeBytes();

  /** Bytes of live data (an estimate). */
  long sizeInUseBytes();

  /** Deletes everything in every bucket (before loading a snapshot). */
  void clear();

  /** Reclaims space from deleted data. */
  void defragment();

  @Override
  void close();

  /** A point-in-time view; close it to release resources. */
  interface ReadSnapshot extends AutoCloseable {
    void forEach(Bucket bucket, Visitor visitor);

    @Override
    void close();
  }
}
