package io.cairn.cli.snapshot;

import java.io.IOException;

/** A file that is not a readable snapshot; the message is the one etcdctl (bbolt) reports. */
public final class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String message) {
    super(message);
  }
}
