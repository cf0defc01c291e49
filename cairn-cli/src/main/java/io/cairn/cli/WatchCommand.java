package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.WatchCreateRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]}: prints
 * events until the server cancels the watch (watch_command.go), running the exec command per event
 * if one is given; {@code -i} reads watches from stdin instead ({@link InteractiveWatch}). Like the
 * Go client it asks for a leader and does not show the created notification.
 */
@Command(name = "watch", customSynopsis = "watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]", description = "Watches events stream on keys or prefixes")
public final class WatchCommand implements Runnable {
  @Option(names = "--prefix", arity = "0..1", fallbackValue = "true",
      description = "Watch on a prefix if prefix is set") boolean prefix;
  @Option(names = "--rev", defaultValue = "0", description = "Revision to start watching") long rev;
  @Option(names = "--prev-kv", arity = "0..1", fallbackValue = "true",
      description = "get the previous key-value pair before the event happens") boolean prevKv;
  @Option(names = {"-i", "--interactive"}, arity = "0..1", fallbackValue = "true",
      description = "Interactive mode") boolean interactive;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    Ctl ctl = Main.ctl();
    String envKey = ctl.env().getOrDefault("ETCDCTL_WATCH_KEY", "");
    String envRange = ctl.env().getOrDefault("ETCDCTL_WATCH_RANGE_END", "");
    if (envKey.isEmpty() && !envRange.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS, "ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="
          + io.cairn.cli.print.GoFormat.quote(envRange));
    }
    if (interactive) {
      new InteractiveWatch(ctl, envKey, envRange).run(System.in);
      return;
    }
    WatchArgs watchArgs = WatchArgs.ofCommandLine(ctl.rawArgs(), args, envKey, envRange);
    ctl.client();
    WatchSession session = new WatchSession(ctl);
    session.watch(createRequest(watchArgs.keys()), watchArgs.exec());
    session.dispatchUntilAllEnded();
    session.close();
    throw new CtlException(ExitCodes.INTERRUPTED, "watch is canceled by the server");
  }

  /** clientv3's watch options from this command's flags (getWatchChan). */
  WatchCreateRequest createRequest(List<String> keys) {
    if (keys.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS, WatchArgs.BAD_ARGS);
    }
    // etcdctl uses the first two arguments and ignores any others
    WatchCreateRequest.Builder create = WatchCreateRequest.newBuilder()
        .setKey(Keys.bytes(keys.get(0))).setStartRevision(rev).setPrevKv(prevKv);
    if (keys.size() == 2) {
      if (prefix) {
        throw new CtlException(ExitCodes.BAD_ARGS, "`range_end` and `--prefix` are mutually exclusive");
      }
      create.setRangeEnd(Keys.bytes(keys.get(1)));
    }
    if (prefix) {
      ByteString key = create.getKey();
      create.setRangeEnd(key.isEmpty() ? Keys.NUL : Keys.prefixEnd(key));
      if (key.isEmpty()) {
        create.setKey(Keys.NUL);
      }
    }
    return create.build();
  }
}
