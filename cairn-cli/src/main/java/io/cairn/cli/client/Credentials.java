package io.cairn.cli.client;

/** The user name and password the client authenticates with (etcdctl's --user/--password). */
public record Credentials(String user, String password) {
  /**
   * Whether the Go client authenticates at all: it does only when both are non-empty, so a missing
   * password leaves requests without a token (and the server answers "user name is empty").
   */
  public boolean complete() {
    return !user.isEmpty() && !password.isEmpty();
  }
}
