package io.cairn.tests.diff;


import io.cairn.tests.support.CairnctlWrapper;
import io.cairn.tests.support.EtcdProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cairnctl as a drop-in etcdctl, checked against the real etcd rather than against Cairn: each
 * selected session of {@code etcdctl-sessions/} runs once with the real etcdctl 3.4.23 and once with
 * cairnctl in its place (the {@link CairnctlWrapper} first on PATH), each time against a fresh real
 * etcd 3.4.23 started with the same flags (so member and cluster IDs and revisions line up); the
 * transcripts must be equal after {@link TranscriptNormalizer}.
 *
 * <p>By default it runs the auth, user and role sessions (84-94), which began here when Cairn did
 * not serve auth: they keep cairnctl's auth commands checked on etcd itself, beside {@link
 * EtcdctlDifferentialTest} (etcd against Cairn) and {@link CairnctlDifferentialTest} (cairnctl
 * against etcdctl, on Cairn). Sessions get an empty stdin only when they redirect it: a command that
 * reads stdin (a password prompt) must be given its input in the script.
 * {@code -Dcairn.etcdSessions=REGEX} runs the matching sessions instead.
 */
class CairnctlOnEtcdTest {
  private static Path binDir;

  static Stream<Path> sessions() throws IOException {
    String only = System.getProperty("cairn.etcdSessions", "(8[4-9]|9[0-4])-.*");
    List<Path> run = SessionRunner.list("/etcdctl-sessions", only);
    System.out.printf("cairnctl on etcd: %d sessions selected by %s%n", run.size(), only);
    return run.stream();
  }

  @BeforeAll
  static void wrapper(@TempDir Path tmp) throws Exception {
    binDir = CairnctlWrapper.create(tmp);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessions")
  void cairnctlPrintsWhatEtcdctlPrints(Path session, @TempDir Path tmp) throws Exception {
    CairnctlDifferentialTest.assertSameTranscripts(session, tmp, binDir, EtcdProcess::start);
  }
}
