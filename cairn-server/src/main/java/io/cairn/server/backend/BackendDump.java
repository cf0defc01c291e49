package io.cairn.server.backend;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A portable copy of every bucket at one point in time: the body of the snapshot files Cairn saved
 * before it saved etcd's format, and of its Raft snapshots before they were RocksDB checkpoints;
 * both still load. Layout: the magic line, then per record a bucket ordinal byte, key length, key,
 * value length, value; a 0xFF byte ends it. Zero padding may follow (the etcd stream pads to 512
 * bytes).
 */
public final class BackendDump {
  static final byte[] MAGIC = "cairn-snapshot-v1\n".getBytes(StandardCharsets.UTF_8);
  /**
   * etcd's snapshot stream (and so the file etcdctl saves) pads the dump with zeros to a multiple of
   * this many bytes, then appends the padded dump's SHA-256.
   */
  public static final int SNAPSHOT_ALIGN = 512;
  private static final int END = 0xFF;

  private BackendDump() {}

  public static void write(Backend.ReadSnapshot snap, OutputStream os) throws IOException {
    DataOutputStream out = new DataOutputStream(os);
    out.write(MAGIC);
    IOException[] failure = new IOException[1];
    for (Bucket b : Bucket.values()) {
      snap.forEach(b, (k, v) -> {
        try {
          out.writeByte(b.ordinal());
          out.writeInt(k.length);
          out.write(k);
          out.writeInt(v.length);
          out.write(v);
          return true;
        } catch (IOException e) {
          failure[0] = e;
          return false;
        }
      });
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    out.writeByte(END);
    out.flush();
  }

  /** Whether {@code bytes} start as a dump does. */
  public static boolean matches(byte[] bytes) {
    return bytes.length >= MAGIC.length
        && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Loads a dump into a backend (which should be empty). */
  public static void read(InputStream is, Backend backend) throws IOException {
    DataInputStream in = new DataInputStream(is);
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a Cairn snapshot");
    }
    try (BatchedPuts puts = new BatchedPuts(backend)) {
      while (true) {
        int b = in.readUnsignedByte();
        if (b == END) {
          break;
        }
        if (b >= Bucket.values().length) {
          throw new IOException("corrupt snapshot: bucket " + b);
        }
        byte[] k = in.readNBytes(in.readInt());
        byte[] v = in.readNBytes(in.readInt());
        puts.put(Bucket.values()[b], k, v);
      }
      puts.commit();
    } catch (EOFException e) {
      throw new IOException("truncated snapshot", e);
    }
  }
}
