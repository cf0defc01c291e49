package io.cairn.cli.client;

/** A client-side failure whose message is what etcd's Go client would report. */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientException(String message) {
    super(message, null, false, false);
  }
}
