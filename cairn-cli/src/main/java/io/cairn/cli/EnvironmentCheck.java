package io.cairn.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * etcd's pkg/flags check of ETCDCTL_* variables, run when a command builds its client: a variable
 * whose flag is also given on the command line is fatal ("conflicting environment variable ... is
 * shadowed"), an ETCDCTL_* variable that names no flag or is empty is warned about. Both are
 * capnslog lines on stderr, in the environment's order.
 */
final class EnvironmentCheck {
  /** etcdctl's global flags, whose ETCDCTL_ variables are read. */
  static final Set<String> GLOBAL_FLAGS = Set.of("endpoints", "debug", "write-out", "hex",
      "dial-timeout", "command-timeout", "keepalive-time", "keepalive-timeout",
      "insecure-transport", "insecure-discovery", "insecure-skip-tls-verify", "cert", "key",
      "cacert", "user", "password", "discovery-srv", "discovery-srv-name");
  private static final DateTimeFormatter CAPNSLOG =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private EnvironmentCheck() {}

  /**
   * Checks the environment against the flags given on the command line.
   *
   * @param watch whether the command is watch, which owns ETCDCTL_WATCH_KEY/_RANGE_END
   * @throws CtlException (exit 1, message already printed) on a shadowed variable
   */
  static void verify(Map<String, String> env, Set<String> changedFlags, boolean watch, Ctl ctl) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      String key = e.getKey();
      String flag = flagOf(key, watch);
      if (flag != null && changedFlags.contains(flag)) {
        ctl.out().errln(stamp("C") + "pkg/flags: conflicting environment variable \"" + key
            + "\" is shadowed by corresponding command-line flag (either unset environment"
            + " variable or disable flag)");
        throw new CtlException(ExitCodes.ERROR, null);
      }
      boolean used = flag != null && !e.getValue().isEmpty();
      if (!used && key.startsWith("ETCDCTL_") && !key.equals("ETCDCTL_API")) {
        ctl.out().errln(stamp("W") + "pkg/flags: unrecognized environment variable " + key + "="
            + e.getValue());
      }
    }
  }

  /** The flag an ETCDCTL_ variable sets, or null. */
  private static String flagOf(String key, boolean watch) {
    if (!key.startsWith("ETCDCTL_")) {
      return null;
    }
    String flag = key.substring("ETCDCTL_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    if (GLOBAL_FLAGS.contains(flag) || (watch && (flag.equals("watch-key") || flag.equals("watch-range-end")))) {
      return flag;
    }
    return null;
  }

  private static String stamp(String level) {
    return LocalDateTime.now().format(CAPNSLOG) + " " + level + " | ";
  }
}
