package io.cairn.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * etcdctl's split of a watch invocation into the key arguments and the exec command after
 * {@code --} (parseWatchArgs in watch_command.go). The Go code works on the raw process arguments
 * because cobra drops the separator; cairnctl keeps the same algorithm, quirks included, so the
 * same command lines fail with the same errors.
 */
record WatchArgs(List<String> keys, List<String> exec) {
  static final String BAD_ARGS = "bad number of arguments";
  static final String CONFLICTING_ENV = "bad number of arguments (found conflicting environment key)";
  static final String NO_COMMAND = "bad number of arguments (found separator --, but no commands)";

  /**
   * A command-line watch: {@code rawArgs} are the process arguments, {@code parsed} the positional
   * arguments left by the flag parser (without the separator).
   */
  static WatchArgs ofCommandLine(List<String> rawArgs, List<String> parsed, String envKey, String envRange) {
    List<String> raw = afterWatch(rawArgs);
    int sep = raw.indexOf("--");
    if (sep >= 0 && sep == raw.size() - 1) {
      throw badArgs(NO_COMMAND);
    }
    if (sep < 0 && raw.isEmpty() && envKey.isEmpty()) {
      throw badArgs(BAD_ARGS);
    }
    if (sep >= 0 && !envKey.isEmpty()) {
      // an argument before the separator besides the flags conflicts with ETCDCTL_WATCH_KEY
      int r = raw.size() - 1;
      for (int w = parsed.size() - 1; w >= 0; w--) {
        if (parsed.get(w).equals(raw.get(r))) {
          r--;
          continue;
        }
        if (r == sep) {
          throw badArgs(CONFLICTING_ENV);
        }
      }
    }
    if (sep < 0 && !parsed.isEmpty() && !envKey.isEmpty()) {
      throw badArgs(CONFLICTING_ENV);
    }
    List<String> exec = sep < 0 ? List.of() : raw.subList(sep + 1, raw.size());
    return withEnvKey(parsed, exec, envKey, envRange);
  }

  /**
   * An interactive {@code watch ...} line's arguments after the word "watch", as the flag parser
   * left them: the exec command is whatever follows {@code --} on the line.
   */
  static WatchArgs ofInteractiveLine(List<String> lineArgs, List<String> parsed, String envKey, String envRange) {
    int sep = lineArgs.indexOf("--");
    if (sep >= 0 && sep == lineArgs.size() - 1) {
      throw badArgs(NO_COMMAND);
    }
    if (sep < 0 && envKey.isEmpty() && parsed.isEmpty()) {
      throw badArgs(BAD_ARGS);
    }
    if (sep < 0 && !parsed.isEmpty() && !envKey.isEmpty()) {
      throw badArgs(CONFLICTING_ENV);
    }
    List<String> exec = sep < 0 ? List.of() : lineArgs.subList(sep + 1, lineArgs.size());
    return withEnvKey(parsed, exec, envKey, envRange);
  }

  private static WatchArgs withEnvKey(List<String> parsed, List<String> exec, String envKey, String envRange) {
    List<String> keys = new ArrayList<>();
    if (!envKey.isEmpty()) {
      keys.add(envKey);
      if (!envRange.isEmpty()) {
        keys.add(envRange);
      }
    }
    keys.addAll(parsed);
    if (!exec.isEmpty()) {
      // the parser's positional arguments run on into the command: cut at the command's last
      // occurrence, as etcdctl does (so a key equal to the command name is cut there too)
      int end = keys.lastIndexOf(exec.get(0));
      keys = keys.subList(0, Math.max(end, 0));
    }
    return new WatchArgs(List.copyOf(keys), List.copyOf(exec));
  }

  private static List<String> afterWatch(List<String> rawArgs) {
    int i = rawArgs.indexOf("watch");
    return i < 0 ? rawArgs : rawArgs.subList(i + 1, rawArgs.size());
  }

  private static CtlException badArgs(String message) {
    return new CtlException(ExitCodes.BAD_ARGS, message);
  }
}
