package io.cairn.cli;

import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.cli.client.ClientException;
import io.cairn.cli.client.EtcdClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lock <lockname> [exec-command arg1 arg2 ...]} (lock_command.go): takes the named lock with
 * a session of {@code --ttl} seconds, then either prints the lock's key and holds it until SIGINT or
 * SIGTERM, or runs the command holding it, with ETCD_LOCK_KEY and ETCD_LOCK_REV set. Either way the
 * lock is released at the end; the session's lease is left to expire.
 */
@Command(name = "lock", customSynopsis = "lock <lockname> [exec-command arg1 arg2 ...] [flags]",
    description = "Acquires a named lock")
public final class LockCommand implements Runnable {
  private static final long POLL_NANOS = 100_000_000L;

  // etcdctl's own default, not concurrency's 60 s
  @Option(names = "--ttl", defaultValue = "10", description = "timeout for session") int ttl;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    if (args.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "lock takes a lock name argument and an optional command to execute");
    }
    Ctl ctl = Main.ctl();
    EtcdClient client = ctl.client();
    try {
      LeaseSession session = LeaseSession.open(client, ttl);
      Interrupts interrupts = Interrupts.catchStopSignals();
      Mutex mutex = new Mutex(client, args.get(0), session);
      mutex.lock(new DeleteWaiter(client, interrupts));
      if (args.size() > 1) {
        runLocked(ctl, mutex);
      } else {
        holdUntilSignal(ctl, client, mutex, session, interrupts);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("context canceled");
    }
  }

  private void runLocked(Ctl ctl, Mutex mutex) {
    Map<String, String> env = new HashMap<>();
    env.put("ETCD_LOCK_KEY", mutex.key().toStringUtf8());
    env.put("ETCD_LOCK_REV", Long.toString(mutex.header().getRevision()));
    // Go keeps the last of duplicate variables: the environment's own win over the lock's
    env.putAll(ctl.env());
    env.remove("ETCDCTL_API");
    ctl.out().flush();
    String failure = GoExec.run(args.subList(1, args.size()), env);
    mutex.unlock();
    if (failure != null) {
      throw new CtlException(ExitCodes.ERROR, failure);
    }
  }

  private static void holdUntilSignal(Ctl ctl, EtcdClient client, Mutex mutex, LeaseSession session,
      Interrupts interrupts) throws InterruptedException {
    interrupts.throwIfFired();
    RangeResponse held = client.kv().range(RangeRequest.newBuilder().setKey(mutex.key()).build());
    if (held.getKvsCount() == 0) {
      throw new CtlException(ExitCodes.ERROR, "lock lost on init");
    }
    ctl.printer().get(held);
    ctl.out().flush();
    while (!interrupts.await(POLL_NANOS)) {
      if (session.awaitDone(0)) {
        throw new CtlException(ExitCodes.ERROR, "session expired");
      }
    }
    mutex.unlock();
  }
}
