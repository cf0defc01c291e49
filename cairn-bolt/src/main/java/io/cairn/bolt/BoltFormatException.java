package io.cairn.bolt;

import java.io.IOException;

/** A file that is not a readable bbolt database; the message is the one bbolt reports. */
public final class BoltFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public BoltFormatException(String message) {
    super(message);
  }
}
