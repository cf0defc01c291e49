package io.cairn.server.backend;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link Backend} on RocksDB, one column family per bucket.
 *
 * <p>Durability: the Raft log is the write-ahead log of record. RocksDB's own WAL is kept but not
 * synced, so a process crash loses nothing and a machine crash loses at most a suffix of applied
 * entries, which the state machine re-applies from the Raft log (the applied index is written in the
 * same batch as the data it covers).
 */
public final class RocksBackend implements Backend {
  static {
    RocksDB.loadLibrary();
  }

  /**
   * Starts loading RocksDB's native library on a thread of its own, for a member's start not to
   * wait for it: the library is written out of the jar (15 MB) and linked, a quarter of a second.
   * The first backend opened waits until it is loaded.
   */
  public static void preloadLibrary() {
    Thread t = new Thread(RocksDB::loadLibrary, "rocksdb-load");
    t.setDaemon(true);
    t.start();
  }

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final WriteOptions writeOptions;
  private final Map<Bucket, ColumnFamilyHandle> handles = new EnumMap<>(Bucket.class);
  private final List<ColumnFamilyHandle> allHandles = new ArrayList<>();
  private final Path dir;
  private final boolean readOnly;

  public RocksBackend(Path dir) {
    this(dir, false);
  }

  private RocksBackend(Path dir, boolean readOnly) {
    this.dir = dir;
    this.readOnly = readOnly;
    try {
      if (!readOnly) {
        Files.createDirectories(dir);
      }
      // small, as etcd's memory is: the files stay in the OS's page cache, and these sizes cost
      // nothing measurable against 32 MiB write buffers and a 64 MiB cache while a member's peak
      // RSS fell by ~50 MiB (bench/ab, docs/benchmarks.md run 14)
      blockCache = new LRUCache(16L << 20);
      cfOptions = new ColumnFamilyOptions()
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setWriteBufferSize(8L << 20)
          .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
      dbOptions = new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setMaxBackgroundJobs(2)
          .setKeepLogFileNum(2);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
      for (Bucket b : Bucket.values()) {
        descriptors.add(new ColumnFamilyDescriptor(b.idBytes(), cfOptions));
      }
      db = readOnly ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, allHandles)
          : RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
      Bucket[] buckets = Bucket.values();
      for (int i = 0; i < buckets.length; i++) {
        handles.put(buckets[i], allHandles.get(i + 1));
      }
      writeOptions = new WriteOptions().setSync(false);
    } catch (RocksDBException | java.io.IOException e) {
      if (e instanceof RocksDBException r && r.getStatus() != null
          && r.getStatus().getCode() == org.rocksdb.Status.Code.Corruption) {
        throw new BackendException(e); // damaged files, not a setting: see EtcdServer
      }
      throw new IllegalStateException("cannot open backend at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(Bucket bucket, byte[] key) {
    try {
      return db.get(handles.get(bucket), key);
    } catch (RocksDBException e) {
      throw new BackendException(e);
    }
  }

  @Override
  public void forEach(Bucket bucket, byte[] from, byte[] to, Visitor visitor) {
    try (ReadOptions ro = new ReadOptions();
         Slice upper = to == null ? null : new Slice(to)) {
      if (upper != null) {
        ro.setIterateUpperBound(upper);
      }
      try (RocksIterator it = db.newIterator(handles.get(bucket), ro)) {
        iterate(it, from, visitor);
      }
    }
  }

  private static void iterate(RocksIterator it, byte[] from, Visitor visitor) {
    if (from == null || from.length == 0) {
      it.seekToFirst();
    } else {
      it.seek(from);
    }
    while (it.isValid()) {
      if (!visitor.visit(it.key(), it.value())) {
        return;
      }
      it.next();
    }
    // an iterator also stops at a block it cannot read (a checksum mismatch): that is not the end
    // of the data, and taking it for one would serve a silently truncated state
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new BackendException(e);
    }
  }

  @Override
  public BatchTx newBatch() {
    return new RocksBatch();
  }

  @Override
  public ReadSnapshot snapshot() {
    Snapshot snap = db.getSnapshot();
    return new ReadSnapshot() {
      @Override
      public byte[] get(Bucket bucket, byte[] key) {
        try (ReadOptions ro = new ReadOptions().setSnapshot(snap)) {
          return db.get(handles.get(bucket), ro, key);
        } catch (RocksDBException e) {
          throw new BackendException(e);
        }
      }

      @Override
      public void forEach(Bucket bucket, Visitor visitor) {
        try (ReadOptions ro = new ReadOptions().setSnapshot(snap);
             RocksIterator it = db.newIterator(handles.get(bucket), ro)) {
          iterate(it, null, visitor);
        }
      }

      @Override
      public void close() {
        db.releaseSnapshot(snap);
      }
    };
  }

  @Override
  public void checkpoint(Path copy) {
    // RocksDB flushes every column family, links the table files and copies the rest; the
    // write-ahead log it copies makes the column families agree with each other
    try (Checkpoint c = Checkpoint.create(db)) {
      c.createCheckpoint(copy.toString());
    } catch (RocksDBException e) {
      throw new BackendException(e);
    }
  }

  @Override
  public ReadSnapshot openCheckpoint(Path copy) {
    RocksBackend opened = new RocksBackend(copy, true);
    return new ReadSnapshot() {
      @Override
      public byte[] get(Bucket bucket, byte[] key) {
        return opened.get(bucket, key);
      }

      @Override
      public void forEach(Bucket bucket, Visitor visitor) {
        opened.forEach(bucket, null, null, visitor);
      }

      @Override
      public void close() {
        opened.close();
      }
    };
  }

  @Override
  public long sizeBytes() {
    long total = 0;
    File[] files = dir.toFile().listFiles();
    if (files != null) {
      for (File f : files) {
        // RocksDB's own info logs (LOG, LOG.old.*) hold no data
        if (!f.getName().startsWith("LOG")) {
          total += f.length();
        }
      }
    }
    return total;
  }

  @Override
  public long sizeInUseBytes() {
    long total = 0;
    try {
      for (ColumnFamilyHandle h : allHandles) {
        total += db.getLongProperty(h, "rocksdb.estimate-live-data-size");
        total += db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables");
      }
    } catch (RocksDBException e) {
      throw new BackendException(e);
    }
    return total;
  }

  @Override
  public void clear() {
    byte[] end = new byte[256];
    java.util.Arrays.fill(end, (byte) 0xff);
    try (BatchTx batch = newBatch()) {
      for (Bucket b : Bucket.values()) {
        batch.deleteRange(b, new byte[0], end);
      }
      batch.commit();
    }
  }

  @Override
  public void defragment() {
    // forced down to the last level: by default RocksDB leaves files already there untouched, and
    // those hold the deleted and compacted revisions a defragmentation is meant to drop
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions co = new CompactRangeOptions().setBottommostLevelCompaction(
            CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      db.flush(fo, allHandles);
      for (ColumnFamilyHandle h : allHandles) {
        db.compactRange(h, null, null, co);
      }
    } catch (RocksDBException e) {
      throw new BackendException(e);
    }
  }

  @Override
  public void close() {
    if (!readOnly) {
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        db.flush(fo, allHandles);
      } catch (RocksDBException e) {
        // closing anyway: the unsynced tail is recovered from the Raft log
      }
    }
    for (ColumnFamilyHandle h : allHandles) {
      h.close();
    }
    db.close();
    writeOptions.close();
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
  }

  private final class RocksBatch implements BatchTx {
    private final WriteBatch batch = new WriteBatch();

    @Override
    public void put(Bucket bucket, byte[] key, byte[] value) {
      try {
        batch.put(handles.get(bucket), key, value);
      } catch (RocksDBException e) {
        throw new BackendException(e);
      }
    }

    @Override
    public void delete(Bucket bucket, byte[] key) {
      try {
        batch.delete(handles.get(bucket), key);
      } catch (RocksDBException e) {
        throw new BackendException(e);
      }
    }

    @Override
    public void deleteRange(Bucket bucket, byte[] from, byte[] to) {
      try {
        batch.deleteRange(handles.get(bucket), from, to);
      } catch (RocksDBException e) {
        throw new BackendException(e);
      }
    }

    @Override
    public boolean isEmpty() {
      return batch.count() == 0;
    }

    @Override
    public void commit() {
      try {
        db.write(writeOptions, batch);
      } catch (RocksDBException e) {
        throw new BackendException(e);
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
