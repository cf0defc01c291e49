package io.cairn.cli;

import io.cairn.cli.client.Errors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code watch -i}: reads {@code watch [options] KEY [RANGE_END] [-- CMD ...]} and {@code progress}
 * lines from stdin (watchInteractiveFunc). All watches share one stream, printed by a background
 * thread; a bad line is reported and skipped, bad watch arguments end the command, and so does the
 * end of stdin ("Error reading watch request line: EOF", exit 3), as in etcdctl.
 */
final class InteractiveWatch {
  private final Ctl ctl;
  private final String envKey;
  private final String envRange;

  InteractiveWatch(Ctl ctl, String envKey, String envRange) {
    this.ctl = ctl;
    this.envKey = envKey;
    this.envRange = envRange;
  }

  void run(InputStream in) {
    WatchSession session = new WatchSession(ctl);
    Thread printing = new Thread(session::dispatchForever, "watch-printer");
    printing.setDaemon(true);
    printing.start();
    try {
      readCommands(in, session);
    } finally {
      session.close();
    }
  }

  private void readCommands(InputStream in, WatchSession session) {
    while (true) {
      String line = readLine(in);
      List<String> args = TxnCommand.argify(line);
      if (args.isEmpty()) {
        ctl.out().errln("Invalid command: " + line + " (watch and progress supported)");
        continue;
      }
      switch (args.get(0)) {
        case "watch" -> watch(session, line, args.subList(1, args.size()));
        case "progress" -> session.requestProgress();
        default -> ctl.out().errln("Invalid command " + line + " (only support watch)");
      }
    }
  }

  private void watch(WatchSession session, String line, List<String> lineArgs) {
    if (lineArgs.isEmpty() && envKey.isEmpty()) {
      ctl.out().errln("Invalid command " + line + " (command type or key is not provided)");
      return;
    }
    WatchCommand flags = new WatchCommand();
    try {
      new CommandLine(flags).parseArgs(lineArgs.toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      throw new CtlException(ExitCodes.BAD_ARGS, Main.cobraMessage(e));
    }
    WatchArgs parsed = WatchArgs.ofInteractiveLine(lineArgs, flags.args, envKey, envRange);
    try {
      session.watch(flags.createRequest(parsed.keys()), parsed.exec());
    } catch (CtlException e) {
      // a watch etcdctl cannot build is reported and skipped, the session goes on
      ctl.out().errln("Invalid command " + line + " (" + e.getMessage() + ")");
    }
  }

  /** bufio.Reader.ReadString('\n') without the newline; a last line without one is an EOF error. */
  private static String readLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw eof("EOF");
        }
        line.write(c);
      }
    } catch (IOException e) {
      throw eof(Errors.message(e));
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static CtlException eof(String why) {
    return new CtlException(ExitCodes.INVALID_INPUT, "Error reading watch request line: " + why);
  }
}
