package io.cairn.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real curl, as an operator or a script would ask a member over HTTP. */
public final class Curl {
  private Curl() {}

  /** curl's output (stdout, with {@code -i} the status line and headers) for these arguments. */
  public static String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.curl().toString());
    cmd.add("-sS");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("curl did not end: " + cmd);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
