package io.cairn.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberIdsTest {

  @Test
  void etcdsDefaultMemberAndClusterIds() {
    long member = MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster", null);

    assertThat(member).isEqualTo(0x8e9e05c52164694dL);
    assertThat(Long.toHexString(member)).isEqualTo("8e9e05c52164694d");
    assertThat(MemberIds.clusterId(List.of(member))).isEqualTo(0xcdf818194e3a8c32L);
  }

  @Test
  void memberIdDoesNotDependOnPeerUrlOrder() {
    long ab = MemberIds.memberId(List.of("http://a:2380", "http://b:2380"), "t", null);
    long ba = MemberIds.memberId(List.of("http://b:2380", "http://a:2380"), "t", null);

    assertThat(ab).isEqualTo(ba);
  }

  @Test
  void memberIdDependsOnTokenUrlsAndTime() {
    long base = MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster", null);

    assertThat(MemberIds.memberId(List.of("http://localhost:2380"), "other-token", null)).isNotEqualTo(base);
    assertThat(MemberIds.memberId(List.of("http://localhost:2381"), "etcd-cluster", null)).isNotEqualTo(base);
    assertThat(MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster", 1_700_000_000L))
        .isNotEqualTo(base);
  }

  @Test
  void clusterIdSortsMemberIdsAsUnsignedNumbers() {
    long high = 0x8e9e05c52164694dL; // negative as a signed long
    long low = 0x1234L;

    long a = MemberIds.clusterId(List.of(high, low));
    long b = MemberIds.clusterId(List.of(low, high));

    assertThat(a).isEqualTo(b);
    assertThat(a).as("low first: unsigned order").isEqualTo(sha1Prefix(low, high));
    assertThat(MemberIds.clusterId(List.of(low))).isNotEqualTo(a);
  }

  /** The first 8 bytes of SHA-1 over the IDs as big-endian uint64s, in the given order. */
  private static long sha1Prefix(long... ids) {
    ByteBuffer buf = ByteBuffer.allocate(8 * ids.length);
    for (long id : ids) {
      buf.putLong(id);
    }
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-1").digest(buf.array())).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void idHexIsLowercaseWithoutPadding() {
    Member m = new Member(0x0abcL, "n", List.of("http://p"), List.of(), false);

    assertThat(m.idHex()).isEqualTo("abc");
    assertThat(new Member(0x8e9e05c52164694dL, "n", List.of(), List.of(), false).idHex())
        .isEqualTo("8e9e05c52164694d");
  }
}
