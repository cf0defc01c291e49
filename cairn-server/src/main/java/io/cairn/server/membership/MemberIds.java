package io.cairn.server.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Member and cluster IDs computed exactly as etcd computes them, so the same flags give the same IDs. */
public final class MemberIds {
  private MemberIds() {}

  /** SHA-1 over the sorted peer URLs, then the cluster token (and a time, for runtime adds). */
  public static long memberId(Collection<String> peerUrls, String clusterToken, Long unixSeconds) {
    List<String> sorted = new ArrayList<>(peerUrls);
    sorted.sort(null);
    StringBuilder b = new StringBuilder();
    sorted.forEach(b::append);
    b.append(clusterToken);
    if (unixSeconds != null) {
      b.append(unixSeconds);
    }
    return first8(sha1(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-1 over the member IDs sorted as unsigned numbers, each as 8 big-endian bytes. */
  public static long clusterId(Collection<Long> memberIds) {
    List<Long> ids = new ArrayList<>(memberIds);
    ids.sort(Long::compareUnsigned);
    ByteBuffer buf = ByteBuffer.allocate(8 * ids.size());
    ids.forEach(buf::putLong);
    return first8(sha1(buf.array()));
  }

  private static byte[] sha1(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long first8(byte[] h) {
    return ByteBuffer.wrap(h, 0, 8).getLong();
  }
}
