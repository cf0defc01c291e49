package io.cairn.server.backend;

/** An I/O failure of the backend. Fatal for the member: applied state can no longer be trusted. */
public final class BackendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendException(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}
