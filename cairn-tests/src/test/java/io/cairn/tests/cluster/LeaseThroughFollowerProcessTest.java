package io.cairn.tests.cluster;

import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.ProcessCluster;
import java.nio.file.Path;

/** {@link LeaseThroughFollowerCases} on one process per member. */
class LeaseThroughFollowerProcessTest extends LeaseThroughFollowerCases {
  @Override
  ClusterFixture startCluster(int n, Path dir, String... flags) {
    return ProcessCluster.start(n, dir, flags);
  }
}
