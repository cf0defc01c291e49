package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * cairnctl in etcdctl's place: a directory holding an {@code etcdctl} script that runs cairnctl's
 * jar, to put first on a session's PATH. A class-data archive made once makes each start faster.
 */
final class CairnctlWrapper {
  private CairnctlWrapper() {}

  /** Writes the wrapper (and its archive) under {@code tmp} and returns the directory to put on PATH. */
  static Path install(Path tmp) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("cairn.cliJar", "../cairn-cli/target/cairnctl.jar")).toAbsolutePath();
    assertThat(jar).as("cairnctl.jar (build it with -pl cairn-cli install)").exists();
    Path jsa = tmp.resolve("cairnctl.jsa");
    String opts = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable";
    // one throwaway run against a closed port loads the client classes into the archive
    Process p = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-XX:ArchiveClassesAtExit=" + jsa, "-jar", jar.toString(),
        "--endpoints=127.0.0.1:" + Ports.free(), "--dial-timeout=300ms", "get", "x")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.waitFor(60, TimeUnit.SECONDS);
    if (Files.exists(jsa)) {
      opts += " -XX:SharedArchiveFile=" + jsa;
    }
    Path binDir = Files.createDirectories(tmp.resolve("bin"));
    Path etcdctl = binDir.resolve("etcdctl");
    Files.writeString(etcdctl, "#!/bin/sh\nexec java " + opts + " -jar '" + jar + "' \"$@\"\n");
    Files.setPosixFilePermissions(etcdctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    return binDir;
  }
}
