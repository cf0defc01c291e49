package io.cairn.tests.support;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A cluster that tests can break: in this JVM ({@link InProcessCluster}) for speed, or one process per
 * member ({@link ProcessCluster}) for real kills. Cluster tests are written once against this.
 */
public interface ClusterFixture extends AutoCloseable {
  int size();

  MemberFlags flags(int i);

  default Path dataDir(int i) {
    return flags(i).dataDir();
  }

  /** Index of the member that currently leads, or -1. */
  int leader();

  /** Stops member i hard (its data dir stays). */
  void kill(int i);

  /** Starts member i again on its data dir; returns once it serves clients. */
  void restart(int i);

  /** Starts one more member (added with MemberAdd first); returns its index. */
  int startMember(MemberFlags flags);

  /** Waits until member i has stopped by itself, e.g. after being removed from the cluster. */
  void awaitStopped(int i, Duration timeout) throws Exception;

  @Override
  void close();
}
