package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Cairn member in its own JVM (the shaded jar), so tests can SIGKILL, SIGSTOP and restart it. */
public final class CairnProcess extends ChildProcess {
  private final List<String> launcher;

  public CairnProcess(MemberFlags flags, Path log) {
    this(flags, log, List.of());
  }

  /**
   * A member started through {@code launcher}, a command prefix that execs the JVM (so the PID
   * stays the member's), e.g. {@code setpriv --reuid=N} to run it as its own user.
   */
  public CairnProcess(MemberFlags flags, Path log, List<String> launcher) {
    super(flags, log);
    this.launcher = List.copyOf(launcher);
  }

  /** The shaded server jar, by its absolute path (the one its class-data archive names). */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("cairn.jar", "../cairn-server/target/cairn.jar"))
        .toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("server jar not built: " + jar + " (run ./mvnw package)");
    }
    return jar;
  }

  /**
   * The JVM options that map the build's class-data archive of a member's start, as bin/cairn
   * does; none when the archive is missing or older than the jar.
   */
  public static List<String> startupArchive() {
    Path jar = jar();
    Path jsa = jar.resolveSibling("cairn.jsa");
    try {
      if (Files.isRegularFile(jsa)
          && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off,cds+dynamic=off");
      }
    } catch (IOException e) {
      // no archive: the member starts without one
    }
    return List.of();
  }

  @Override
  List<String> command() {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(startupArchive());
    cmd.add("-Xmx256m");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(flags().asArgs());
    return cmd;
  }

  @Override
  public CairnProcess start() throws IOException {
    launch();
    try {
      awaitServing(java.time.Duration.ofSeconds(60));
    } catch (IOException | RuntimeException e) {
      // the caller never gets this process to close: end it here
      try {
        kill();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    return this;
  }
}
