package io.cairn.cli;

import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.cli.client.ClientException;
import io.cairn.cli.client.EtcdClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code elect <election-name> [proposal]} (elect_command.go): campaigns with the proposal, prints
 * the leader key and value once elected and leads until SIGINT or SIGTERM, then resigns; with
 * {@code -l} it prints every leader and value it observes until stopped.
 */
@Command(name = "elect", customSynopsis = "elect <election-name> [proposal] [flags]",
    description = "Observes and participates in leader election")
public final class ElectCommand implements Runnable {
  private static final long POLL_NANOS = 100_000_000L;

  @Option(names = {"-l", "--listen"}, arity = "0..1", fallbackValue = "true",
      description = "observation mode") boolean listen;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    if (args.size() != 1 && args.size() != 2) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "elect takes one election name argument and an optional proposal argument");
    }
    Ctl ctl = Main.ctl();
    EtcdClient client = ctl.client();
    if (args.size() == 1 && !listen) {
      throw new CtlException(ExitCodes.BAD_ARGS, "no proposal argument but -l not set");
    }
    if (args.size() == 2 && listen) {
      throw new CtlException(ExitCodes.BAD_ARGS, "proposal given but -l is set");
    }
    try {
      if (listen) {
        observe(ctl, client);
      } else {
        campaign(ctl, client);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("context canceled");
    }
  }

  private void observe(Ctl ctl, EtcdClient client) throws InterruptedException {
    LeaseSession.open(client, LeaseSession.DEFAULT_TTL);
    Interrupts interrupts = Interrupts.catchStopSignals();
    Election election = new Election(client, args.get(0), interrupts);
    try {
      election.observe(leader -> {
        ctl.printer().get(leader);
        ctl.out().flush();
      });
    } catch (RuntimeException e) {
      if (e instanceof CtlException || !interrupts.fired()) {
        throw e instanceof CtlException ? e : new CtlException(ExitCodes.ERROR, "elect: observer lost");
      }
    }
  }

  private void campaign(Ctl ctl, EtcdClient client) throws InterruptedException {
    LeaseSession session = LeaseSession.open(client, LeaseSession.DEFAULT_TTL);
    Interrupts interrupts = Interrupts.catchStopSignals();
    Election election = new Election(client, args.get(0), interrupts);
    election.campaign(session, args.get(1));
    interrupts.throwIfFired();
    RangeResponse elected = client.kv().range(
        RangeRequest.newBuilder().setKey(election.leaderKey()).build());
    ctl.printer().get(elected);
    ctl.out().flush();
    while (!interrupts.await(POLL_NANOS)) {
      if (session.awaitDone(0)) {
        throw new CtlException(ExitCodes.ERROR, "elect: session expired");
      }
    }
    election.resign();
  }
}
