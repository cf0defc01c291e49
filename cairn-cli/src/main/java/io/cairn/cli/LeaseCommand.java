package io.cairn.cli;

import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesRequest;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.cli.client.Errors;
import io.cairn.cli.client.StreamQueue;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.SimplePrinter;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lease grant|revoke|timetolive|list|keep-alive} (lease_command.go). */
@Command(name = "lease", customSynopsis = "lease <subcommand>", description = "Lease related commands", subcommands = {
    LeaseCommand.Grant.class, LeaseCommand.Revoke.class, LeaseCommand.TimeToLive.class,
    LeaseCommand.ListLeases.class, LeaseCommand.KeepAlive.class})
public final class LeaseCommand extends CommandGroup {
  /** strconv.ParseInt(s, 16, 64), with etcdctl's message template around Go's error. */
  static long parseLeaseId(String s, String template) {
    try {
      return Long.parseLong(s, 16);
    } catch (NumberFormatException e) {
      String why = s.matches("[+-]?[0-9a-fA-F]+") ? "value out of range" : "invalid syntax";
      throw new CtlException(ExitCodes.BAD_ARGS, String.format(template,
          "strconv.ParseInt: parsing " + GoFormat.quote(s) + ": " + why));
    }
  }

  static long leaseArg(List<String> args) {
    return parseLeaseId(args.get(0), "bad lease ID arg (%s), expecting ID in Hex");
  }

  @Command(name = "grant", customSynopsis = "grant <ttl>", description = "Creates leases")
  static final class Grant implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() != 1) {
        throw new CtlException(ExitCodes.BAD_ARGS, "lease grant command needs TTL argument");
      }
      long ttl;
      try {
        ttl = Long.parseLong(args.get(0));
      } catch (NumberFormatException e) {
        throw new CtlException(ExitCodes.BAD_ARGS, "bad TTL (strconv.ParseInt: parsing "
            + GoFormat.quote(args.get(0)) + ": invalid syntax)");
      }
      Ctl ctl = Main.ctl();
      LeaseGrantResponse resp;
      try {
        resp = ctl.client().lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttl).build());
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.ERROR, "failed to grant lease (" + Errors.message(e) + ")");
      }
      ctl.printer().grant(resp);
    }
  }

  @Command(name = "revoke", customSynopsis = "revoke <leaseID>", description = "Revokes leases")
  static final class Revoke implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() != 1) {
        throw new CtlException(ExitCodes.BAD_ARGS, "lease revoke command needs 1 argument");
      }
      long id = leaseArg(args);
      Ctl ctl = Main.ctl();
      io.cairn.api.LeaseRevokeResponse resp;
      try {
        resp = ctl.client().lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.ERROR, "failed to revoke lease (" + Errors.message(e) + ")");
      }
      ctl.printer().revoke(id, resp);
    }
  }

  @Command(name = "timetolive", customSynopsis = "timetolive <leaseID> [options]", description = "Get lease information")
  static final class TimeToLive implements Runnable {
    @Option(names = "--keys", arity = "0..1", fallbackValue = "true",
        description = "Get keys attached to this lease") boolean keys;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() != 1) {
        throw new CtlException(ExitCodes.BAD_ARGS, "lease timetolive command needs lease ID as argument");
      }
      long id = leaseArg(args);
      Ctl ctl = Main.ctl();
      io.cairn.api.LeaseTimeToLiveResponse resp;
      try {
        resp = ctl.client().lease().leaseTimeToLive(
            LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(keys).build());
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.BAD_CONNECTION, Errors.message(e));
      }
      ctl.printer().timeToLive(resp, keys);
    }
  }

  @Command(name = "list", description = "List all active leases")
  static final class ListLeases implements Runnable {
    @Override
    public void run() {
      Ctl ctl = Main.ctl();
      io.cairn.api.LeaseLeasesResponse resp;
      try {
        resp = ctl.client().lease().leaseLeases(LeaseLeasesRequest.getDefaultInstance());
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.BAD_CONNECTION, Errors.message(e));
      }
      ctl.printer().leases(resp);
    }
  }

  @Command(name = "keep-alive", customSynopsis = "keep-alive [options] <leaseID>", description = "Keeps leases alive (renew)")
  static final class KeepAlive implements Runnable {
    @Option(names = "--once", arity = "0..1", fallbackValue = "true",
        description = "Resets the keep-alive time to its original value and exits immediately") boolean once;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() != 1) {
        throw new CtlException(ExitCodes.BAD_ARGS, "lease keep-alive command needs lease ID as argument");
      }
      long id = leaseArg(args);
      Ctl ctl = Main.ctl();
      ctl.printer();
      StreamQueue<LeaseKeepAliveResponse> responses = new StreamQueue<>();
      StreamObserver<LeaseKeepAliveRequest> requests = ctl.client().leaseAsync()
          .leaseKeepAlive(responses);
      LeaseKeepAliveRequest req = LeaseKeepAliveRequest.newBuilder().setID(id).build();
      try {
        while (true) {
          requests.onNext(req);
          StreamQueue.Next<LeaseKeepAliveResponse> next =
              once ? responses.poll(ctl.commandTimeoutNanos()) : responses.take();
          if (next == null) {
            throw new CtlException(ExitCodes.BAD_CONNECTION, "context deadline exceeded");
          }
          if (next.error() != null && once) {
            throw new CtlException(ExitCodes.BAD_CONNECTION, Errors.message(next.error()));
          }
          if (next.ended()) {
            break;
          }
          LeaseKeepAliveResponse r = next.message();
          if (r.getTTL() <= 0) {
            if (once) {
              throw new CtlException(ExitCodes.BAD_CONNECTION, "etcdserver: requested lease not found");
            }
            break;
          }
          ctl.printer().keepAlive(r);
          ctl.out().flush();
          if (once) {
            return;
          }
          Thread.sleep(Math.max(500, r.getTTL() * 1000 / 3));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        requests.onCompleted();
      }
      if (ctl.printer() instanceof SimplePrinter) {
        ctl.out().println("lease " + GoFormat.hex16(id) + " expired or revoked.");
      }
    }
  }

}
