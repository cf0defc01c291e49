package io.cairn.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.ArchiveTraining;
import org.junit.jupiter.api.Test;

/**
 * bin/cairnctl's class-data archive is filled by this run: it must be a put and a get that
 * succeed, or the archive holds only the classes of a failure and every command loads the rest
 * from the jar.
 */
class ArchiveTrainingTest {
  @Test
  void theTrainingPutAndGetSucceed() throws Exception {
    assertThat(ArchiveTraining.train()).isZero();
  }
}
