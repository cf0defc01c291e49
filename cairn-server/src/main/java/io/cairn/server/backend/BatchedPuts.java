package io.cairn.server.backend;

/**
 * Loads a whole store's worth of keys into a backend (a snapshot's restore), committing every
 * {@value #BATCH} puts: one batch would hold the whole store in memory.
 */
public final class BatchedPuts implements AutoCloseable {
  private static final int BATCH = 10_000;
  private final Backend backend;
  private BatchTx batch;
  private int pending;

  public BatchedPuts(Backend backend) {
    this.backend = backend;
    this.batch = backend.newBatch();
  }

  /** Copies every bucket of {@code from} into {@code to} (which should be empty). */
  public static void copyAll(Backend.ReadSnapshot from, Backend to) {
    try (BatchedPuts puts = new BatchedPuts(to)) {
      for (Bucket b : Bucket.values()) {
        from.forEach(b, (k, v) -> {
          puts.put(b, k, v);
          return true;
        });
      }
      puts.commit();
    }
  }

  public void put(Bucket bucket, byte[] key, byte[] value) {
    batch.put(bucket, key, value);
    if (++pending == BATCH) {
      commit();
    }
  }

  /** Commits the puts not yet committed; {@link #close} without it drops them. */
  public void commit() {
    batch.commit();
    batch.close();
    batch = backend.newBatch();
    pending = 0;
  }

  @Override
  public void close() {
    batch.close();
  }
}
