package io.cairn.tests.cluster;

import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.ProcessCluster;
import java.nio.file.Path;

/** {@link SnapshotCatchUpCases} on one process per member. */
class SnapshotCatchUpProcessTest extends SnapshotCatchUpCases {
  @Override
  ClusterFixture startCluster(int n, Path dir, String... flags) {
    return ProcessCluster.start(n, dir, flags);
  }
}
