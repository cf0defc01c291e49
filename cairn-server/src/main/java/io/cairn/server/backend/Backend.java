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

  /**
   * Writes a consistent copy of every bucket into the new directory {@code dir}, from any thread
   * while batches go on being committed; the copy holds every batch committed before the call and
   * none half. It shares unchanged files with the live store (hard links), so it costs a flush of
   * recent writes, not a copy of the store.
   */
  void checkpoint(java.nio.file.Path dir);

  /** Opens, read-only, a copy {@link #checkpoint} wrote. */
  ReadSnapshot openCheckpoint(java.nio.file.Path dir);

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
    byte[] get(Bucket bucket, byte[] key);

    void forEach(Bucket bucket, Visitor visitor);

    @Override
    void close();
  }
}
