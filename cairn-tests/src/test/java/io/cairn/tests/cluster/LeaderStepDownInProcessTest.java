package io.cairn.tests.cluster;

import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.InProcessCluster;
import java.nio.file.Path;

/** {@link LeaderStepDownCases} on a cluster in this JVM. */
class LeaderStepDownInProcessTest extends LeaderStepDownCases {
  @Override
  ClusterFixture startCluster(int n, Path dir, String... flags) {
    return InProcessCluster.start(n, dir, flags);
  }
}
