package io.cairn.cli;

import picocli.CommandLine.Command;

/** {@code version}: the etcdctl release cairnctl mirrors and its API version. */
@Command(name = "version", description = "Prints the version of etcdctl")
public final class VersionCommand implements Runnable {
  static final String ETCDCTL_VERSION = "3.4.23";
  static final String API_VERSION = "3.4";

  @Override
  public void run() {
    Main.ctl().out().println("etcdctl version: " + ETCDCTL_VERSION);
    Main.ctl().out().println("API version: " + API_VERSION);
  }
}
