package io.cairn.server.fileutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @TempDir Path dir;

  @Test
  void writeReplacesTheContentAndLeavesNoStagingFile() throws IOException {
    Path target = dir.resolve("member_id");
    DurableFiles.write(target, new byte[] {1, 2, 3});
    DurableFiles.write(target, new byte[] {4});

    assertThat(Files.readAllBytes(target)).containsExactly(4);
    try (var names = Files.list(dir)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("member_id");
    }
  }

  @Test
  void publishNamesAWholeDirectory() throws IOException {
    Path staged = Files.createDirectory(dir.resolve("snapshot.1_9.tmp"));
    Files.write(staged.resolve("CURRENT"), new byte[] {7});
    DurableFiles.syncTree(staged);

    Path named = dir.resolve("snapshot.1_9");
    DurableFiles.publish(staged, named);

    assertThat(named.resolve("CURRENT")).hasBinaryContent(new byte[] {7});
    assertThat(staged).doesNotExist();
  }

  @Test
  void syncingWhatIsNotThereFails() {
    assertThatThrownBy(() -> DurableFiles.sync(dir.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
