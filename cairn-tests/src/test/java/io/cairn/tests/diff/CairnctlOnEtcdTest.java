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
 * cairnctl as a drop-in etcdctl for commands Cairn's server does not serve yet (auth, user and role
 * today): each session of {@code etcd-sessions/} runs once with the real etcdctl 3.4.23 and once
 * with cairnctl in its place (the {@link CairnctlWrapper} first on PATH), each time against a fresh
 * real etcd 3.4.23 started with the same flags (so member and cluster IDs and revisions line up);
 * the transcripts must be equal after {@link TranscriptNormalizer}.
 *
 * <p>Add a session here, numbered after the last one, when its commands need a server feature Cairn
 * lacks; once Cairn serves them, move it to {@code etcdctl-sessions/}, where it also checks the
 * server ({@link EtcdctlDifferentialTest}) and runs in {@link CairnctlDifferentialTest}. Sessions get
 * an empty stdin only when they redirect it: a command that reads stdin (a password prompt) must
 * be given its input in the script. Keep each session under ~15 seconds.
 * {@code -Dcairn.etcdSessions=REGEX} runs only the matching sessions.
 */
class CairnctlOnEtcdTest {
  private static Path binDir;

  static Stream<Path> sessions() throws IOException {
    String only = System.getProperty("cairn.etcdSessions", ".*");
    List<Path> run = SessionRunner.list("/etcd-sessions", only);
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
