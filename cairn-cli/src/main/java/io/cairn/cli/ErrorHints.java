package io.cairn.cli;

import io.cairn.cli.print.Out;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * cairnctl's addition to etcdctl: after etcdctl's {@code Error: ...} line, a {@code hint:} line on
 * what to do about a common error. Printed only when stderr is a terminal, so that scripts (and the
 * differential tests) see exactly etcdctl's output.
 */
final class ErrorHints {
  /** Error text (a part of the message) and its hint, first match wins. */
  private static final Map<String, String> HINTS = new LinkedHashMap<>();

  static {
    HINTS.put("etcdserver: user name is empty",
        "authentication is enabled: give credentials with --user NAME[:PASSWORD] or ETCDCTL_USER");
    HINTS.put("etcdserver: authentication failed, invalid user ID or password",
        "check the name and password given with --user/--password or ETCDCTL_USER/ETCDCTL_PASSWORD");
    HINTS.put("etcdserver: permission denied",
        "the user's roles do not allow this; 'etcdctl user get NAME --detail' shows what they allow");
    HINTS.put("etcdserver: root user does not exist",
        "authentication needs the root user first: etcdctl user add root");
    HINTS.put("context deadline exceeded",
        "no endpoint answered in time: check --endpoints and that the server is running");
    HINTS.put("unsupported output format",
        "-w/--write-out takes simple, json, fields, protobuf or table");
  }

  private ErrorHints() {}

  static Optional<String> hintFor(String errorMessage) {
    return HINTS.entrySet().stream().filter(h -> errorMessage.contains(h.getKey()))
        .map(Map.Entry::getValue).findFirst();
  }

  /** Prints the hint for an error just reported, when there is one and stderr is a terminal. */
  static void print(String errorMessage, Out out) {
    if (out.errIsTerminal()) {
      hintFor(errorMessage).ifPresent(h -> out.errln("hint: " + h));
    }
  }
}
