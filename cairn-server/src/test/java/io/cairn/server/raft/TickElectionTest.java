package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.Test;

/**
 * {@link TickElection} and {@code org.apache.ratis.server.impl.FollowerTimeouts} reach into Ratis's
 * package-private follower. The compiler checks the members they call; what they assume of Ratis's
 * behaviour (its follower thread checks only after sleeping a whole timeout, {@code
 * lostMajorityHeartbeatsRecently} logs when true, {@code changeToCandidate} wants a follower under
 * the server's lock) is checked by reading Ratis's source, for this version.
 */
class TickElectionTest {
  @Test
  void writtenForRatis330CheckItAgainOnAnUpgrade() throws Exception {
    Properties pom = new Properties();
    try (InputStream in = RaftServer.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.apache.ratis/ratis-server/pom.properties")) {
      assertThat(in).as("ratis-server's pom.properties").isNotNull();
      pom.load(in);
    }
    assertThat(pom.getProperty("version"))
        .as("read FollowerState and RaftServerImpl.changeToCandidate of the new version, then "
            + "update FollowerTimeouts and this test")
        .isEqualTo("3.3.0");
  }
}
