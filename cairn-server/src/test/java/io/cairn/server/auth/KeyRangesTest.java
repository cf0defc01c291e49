package io.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** Permission coverage as etcd's interval trees decide it: the union must cover the whole range. */
class KeyRangesTest {
  private static final ByteString NONE = ByteString.EMPTY;
  private static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

  private static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void aSingleKeyPermissionCoversThatKeyOnly() {
    KeyRanges r = new KeyRanges.Builder().add(b("foo"), NONE).build();

    assertThat(r.covers(b("foo"))).isTrue();
    assertThat(r.covers(b("fo"))).isFalse();
    assertThat(r.covers(b("foo0"))).isFalse();
    assertThat(r.covers(b("foo"), b("foo\0"))).isTrue();
    assertThat(r.covers(b("foo"), b("fop"))).isFalse();
  }

  @Test
  void adjacentAndOverlappingRangesCoverTheirUnion() {
    KeyRanges r = new KeyRanges.Builder().add(b("a"), b("c")).add(b("c"), b("e"))
        .add(b("b"), b("d")).build();

    assertThat(r.covers(b("a"), b("e"))).isTrue();
    assertThat(r.covers(b("b"), b("e"))).isTrue();
    assertThat(r.covers(b("a"), b("e\0"))).isFalse();
    assertThat(r.covers(b("0"), b("b"))).isFalse();
    assertThat(r.covers(b("d"))).isTrue();
    assertThat(r.covers(b("e"))).isFalse();
  }

  @Test
  void aGapIsNotCovered() {
    KeyRanges r = new KeyRanges.Builder().add(b("a"), b("b")).add(b("c"), b("d")).build();

    assertThat(r.covers(b("a"), b("d"))).isFalse();
    assertThat(r.covers(b("c"), b("d"))).isTrue();
    assertThat(r.covers(b("b"))).isFalse();
  }

  @Test
  void fromKeyCoversEverythingAfter() {
    KeyRanges r = new KeyRanges.Builder().add(b("m"), FROM_KEY).build();

    assertThat(r.covers(b("m"), null)).isTrue();
    assertThat(r.covers(b("z"), b("zz"))).isTrue();
    assertThat(r.covers(b("l"), null)).isFalse();
    assertThat(r.covers(b("\u00ff\u00ff"))).isTrue();
  }

  @Test
  void anOpenRangeNeedsAnOpenPermission() {
    KeyRanges r = new KeyRanges.Builder().add(b("a"), b("z")).build();

    assertThat(r.covers(b("a"), null)).isFalse();
    assertThat(new KeyRanges.Builder().build().covers(b("a"))).isFalse();
  }
}
