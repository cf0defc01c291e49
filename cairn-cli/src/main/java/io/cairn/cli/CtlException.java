package io.cairn.cli;

/**
 * A command failure reported as etcdctl does: {@code Error: <message>} on stderr and the given exit
 * code (see {@link ExitCodes}). A null message exits silently.
 */
public final class CtlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CtlException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
