package io.cairn.cli;

import io.cairn.api.Event;
import io.cairn.api.WatchResponse;
import io.cairn.cli.print.GoFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code watch KEY -- CMD ARGS}: runs the command once per event, waiting for it, with the event in
 * ETCD_WATCH_* variables (Go-quoted) and the watch's stdout and stderr. A failing command ends
 * etcdctl with exit code 1, so it ends cairnctl too.
 */
final class WatchExec {
  private final List<String> command;
  private final Ctl ctl;

  WatchExec(List<String> command, Ctl ctl) {
    this.command = command;
    this.ctl = ctl;
  }

  void runPerEvent(WatchResponse r) {
    for (Event ev : r.getEventsList()) {
      String failure = run(r.getHeader().getRevision(), ev);
      if (failure != null) {
        ctl.out().errln("command " + quotedCommand() + " error (" + failure + ")");
        // etcdctl calls os.Exit(1) here, from whichever goroutine prints the watch
        Runtime.getRuntime().halt(ExitCodes.ERROR);
      }
    }
  }

  /** Runs the command for one event; returns Go's error text, or null when it exits with 0. */
  private String run(long revision, Event ev) {
    Map<String, String> env = new java.util.HashMap<>(ctl.env());
    // etcdctl unsets ETCDCTL_API at start, so its commands never see it
    env.remove("ETCDCTL_API");
    env.put("ETCD_WATCH_REVISION", Long.toString(revision));
    env.put("ETCD_WATCH_EVENT_TYPE", GoFormat.quote(ev.getType().name()));
    env.put("ETCD_WATCH_KEY", GoFormat.quote(ev.getKv().getKey().toByteArray()));
    env.put("ETCD_WATCH_VALUE", GoFormat.quote(ev.getKv().getValue().toByteArray()));
    ctl.out().flush();
    return GoExec.run(command, env);
  }

  /** Go's %q of a []string: each element quoted, space separated, in brackets. */
  private String quotedCommand() {
    return command.stream().map(GoFormat::quote).collect(Collectors.joining(" ", "[", "]"));
  }
}
