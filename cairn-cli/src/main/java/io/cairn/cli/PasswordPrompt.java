package io.cairn.cli;

import io.cairn.cli.print.Out;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * How etcdctl reads passwords from stdin. Interactively it uses speakeasy: the prompt on stdout,
 * {@code /bin/stty -echo} run on the process's own stdin/stdout/stderr, one line read, {@code stty
 * echo}, then a newline on stdout. When stdin is not a terminal stty complains on stderr each time
 * and the line is read all the same; cairnctl runs the same stty, so the output is the same.
 * Non-interactively ({@code --interactive=false}) it is {@code fmt.Scanf("%s")}: one word.
 *
 * <p>Stdin is read a byte at a time, as Go does, so that nothing after the password is consumed.
 */
final class PasswordPrompt {
  private static final InputStream STDIN = new FileInputStream(FileDescriptor.in);

  private PasswordPrompt() {}

  /** speakeasy.Ask: the entered line without surrounding white space. */
  static String ask(String prompt, Out out) throws IOException {
    out.print(prompt);
    out.flush();
    stty("-echo");
    String line;
    try {
      line = readLine();
    } finally {
      stty("echo");
    }
    out.println();
    out.flush();
    return line.strip();
  }

  /**
   * etcdctl's readPasswordInteractive for {@code user add} and {@code user passwd}: asked twice,
   * refused when empty or different (exit 128).
   */
  static String askTwice(String name, Out out) {
    String first = askOrFail("Password of " + name + ": ", out);
    if (first.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS, "empty password");
    }
    String second = askOrFail("Type password of " + name + " again for confirmation: ", out);
    if (!first.equals(second)) {
      throw new CtlException(ExitCodes.BAD_ARGS, "given passwords are different");
    }
    return first;
  }

  private static String askOrFail(String prompt, Out out) {
    try {
      return ask(prompt, out);
    } catch (IOException e) {
      throw new CtlException(ExitCodes.BAD_ARGS, "failed to ask password: " + e.getMessage());
    }
  }

  /**
   * fmt.Scanf("%s"): leading blanks skipped, then the word up to white space; nothing (an empty
   * password) at end of input or when the input starts with a newline.
   */
  static String scanWord() {
    try {
      int c = STDIN.read();
      while (c == ' ' || c == '\t' || c == '\r') {
        c = STDIN.read();
      }
      java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
      while (c >= 0 && !Character.isWhitespace(c)) {
        word.write(c);
        c = STDIN.read();
      }
      return word.toString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** speakeasy's readline: bytes up to a newline or end of input, without a trailing CR. */
  private static String readLine() throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    int c;
    while ((c = STDIN.read()) >= 0 && c != '\n') {
      line.write(c);
    }
    String s = line.toString(java.nio.charset.StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** speakeasy ignores how stty ends (it fails when stdin is no terminal, after saying so). */
  private static void stty(String arg) {
    try {
      new ProcessBuilder("stty", arg).inheritIO().start().waitFor();
    } catch (IOException e) {
      // no stty: speakeasy would fail here; reading the password still works
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
