package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code cairn snapshot restore FILE FLAGS} run with the server jar, as an operator would. */
public final class CairnRestore {
  /** Its exit code and its output (stdout and stderr together). */
  public record Result(int exit, String output) {}

  private CairnRestore() {}

  public static Result run(Path snapshot, List<String> flags, Path log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        CairnProcess.jar().toString(), "snapshot", "restore", snapshot.toString()));
    cmd.addAll(flags);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("restore did not finish in 60 s: " + cmd);
    }
    return new Result(p.exitValue(), Files.readString(log));
  }
}
