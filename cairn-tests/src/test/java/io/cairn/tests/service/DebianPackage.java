package io.cairn.tests.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The .deb the build made ({@code packaging/}, system property {@code cairn.debDir}) and the Debian
 * tools that read it. A missing package or tool fails the test: {@code bin/test} installs the tools.
 */
final class DebianPackage {
  private DebianPackage() {}

  /** What a command printed and how it exited. */
  record Result(int exitCode, String stdout, String stderr) {}

  static Path file() throws IOException {
    Path dir = Path.of(System.getProperty("cairn.debDir", "../packaging/target"));
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> debs = files.filter(p -> p.getFileName().toString().matches("cairn_.*_all\\.deb"))
          .toList();
      if (debs.size() != 1) {
        throw new IllegalStateException("expected one cairn_*_all.deb in " + dir + ", found " + debs
            + " (build it with ./mvnw package -pl cairn-api,cairn-server,cairn-cli,packaging)");
      }
      return debs.get(0);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException("the package was not built: no " + dir, e);
    }
  }

  /** Unpacks the package's files into {@code root}, as dpkg would below /. */
  static Path extract(Path root) throws IOException, InterruptedException {
    Result r = run(List.of(tool("dpkg-deb", "dpkg"), "-x", file().toString(), root.toString()));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("dpkg-deb -x failed: " + r.stderr());
    }
    return root;
  }

  /** Runs a command to its end (at most two minutes). */
  static Result run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("cmd", ".out");
    Path err = Files.createTempFile("cmd", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The absolute path of a program on PATH (or in sbin), or a loud failure naming its package. */
  static String tool(String name, String debianPackage) {
    List<String> dirs = new ArrayList<>(List.of(
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin"));
    for (String dir : dirs) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(name + " not found: apt-get install -y " + debianPackage
        + " (bin/test installs it)");
  }
}
