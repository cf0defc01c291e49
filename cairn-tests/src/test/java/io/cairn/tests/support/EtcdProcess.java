package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real etcd 3.4 member in its own process, for differential tests. */
public final class EtcdProcess extends ChildProcess {

  public EtcdProcess(MemberFlags flags, Path log) {
    super(flags, log);
  }

  /** Starts a member and waits until it serves. */
  public static EtcdProcess start(MemberFlags flags, Path log) throws IOException {
    EtcdProcess e = new EtcdProcess(flags, log);
    e.start();
    return e;
  }

  @Override
  List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.etcd().toString());
    cmd.addAll(flags().asArgs());
    return cmd;
  }
}
