package io.cairn.server.errors;

/** A failure that clients see as one of etcd's errors. Cheap to throw: no stack trace. */
public final class EtcdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final EtcdError error;

  public EtcdException(EtcdError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public EtcdError error() {
    return error;
  }
}
