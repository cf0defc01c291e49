package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.membership.MemberIds;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec check: each scripted etcdctl session runs against a fresh real etcd 3.4 and a fresh Cairn
 * started with the same flags; the transcripts (stdout, stderr, exit codes) must be equal after
 * {@link TranscriptNormalizer}.
 */
class EtcdctlDifferentialTest {

  static Stream<Path> sessions() throws IOException {
    // -Dcairn.sessions=REGEX runs only the matching sessions (for development)
    return SessionRunner.list("/etcdctl-sessions", System.getProperty("cairn.sessions", ".*")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessions")
  void cairnAnswersLikeEtcd(Path session, @TempDir Path tmp) throws Exception {
    int client = Ports.free();
    int peer = Ports.free();
    MemberFlags cairnFlags = new MemberFlags("default", tmp.resolve("cairn-data"), client, peer);
    MemberFlags etcdFlags = new MemberFlags("default", tmp.resolve("etcd-data"), client, peer);
    long memberId = MemberIds.memberId(List.of(cairnFlags.peerUrl()), "etcd-cluster", null);
    long clusterId = MemberIds.clusterId(List.of(memberId));
    Set<String> stable = Set.of(String.format("%016x", memberId), String.format("%016x", clusterId));

    String cairn;
    try (CairnMember m = CairnMember.start(cairnFlags)) {
      cairn = SessionRunner.run(session, cairnFlags.clientUrl(), tmp.resolve("cairn-work"));
    }
    String etcd;
    try (EtcdProcess e = EtcdProcess.start(etcdFlags, tmp.resolve("etcd.log"))) {
      etcd = SessionRunner.run(session, etcdFlags.clientUrl(), tmp.resolve("etcd-work"));
    }
    assertThat(TranscriptNormalizer.normalize(cairn, stable))
        .as("normalised transcript of %s (raw Cairn transcript:%n%s)", session.getFileName(), cairn)
        .isEqualTo(TranscriptNormalizer.normalize(etcd, stable));
  }
}
