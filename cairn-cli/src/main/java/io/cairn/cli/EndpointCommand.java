package io.cairn.cli;

import io.cairn.api.HashKVRequest;
import io.cairn.api.Member;
import io.cairn.api.MemberListRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.StatusRequest;
import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.Errors;
import io.cairn.cli.client.TlsSettings;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code endpoint health|status|hashkv [--cluster]} (ep_command.go). */
@Command(name = "endpoint", customSynopsis = "endpoint <subcommand>", description = "Endpoint related commands", subcommands = {
    EndpointCommand.Health.class, EndpointCommand.Status.class, EndpointCommand.HashKV.class})
public final class EndpointCommand extends CommandGroup {
  static boolean cluster;

  @Option(names = "--cluster", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true",
      description = "use all endpoints from the cluster member list")
  void cluster(boolean c) {
    cluster = c;
  }

  /**
   * The given --endpoints (not those found by --discovery-srv: etcdctl asks the flag), or with
   * --cluster every member's client URLs.
   */
  static List<String> endpoints(Ctl ctl, boolean all) {
    if (!all) {
      return ctl.flagEndpoints();
    }
    List<String> eps = new ArrayList<>();
    try {
      for (Member m : ctl.client().cluster().memberList(MemberListRequest.getDefaultInstance())
          .getMembersList()) {
        eps.addAll(m.getClientURLsList());
      }
    } catch (RuntimeException e) {
      throw new CtlException(ExitCodes.ERROR,
          "failed to fetch endpoints from etcd cluster member list: " + Errors.message(e));
    }
    return eps;
  }

  @Command(name = "health", description = "Checks the healthiness of endpoints specified in `--endpoints` flag")
  static final class Health implements Runnable {
    @Override
    public void run() {
      Ctl ctl = Main.ctl();
      // etcdctl's health builds its clients itself: no client config, and without --cluster no
      // SRV lookup either
      ctl.withoutClientConfig();
      if (!cluster) {
        ctl.withoutDiscovery();
      }
      Printer printer = ctl.printer();
      List<CompletableFuture<Printer.EndpointHealth>> checks = new ArrayList<>();
      List<String> eps = endpoints(ctl, cluster);
      TlsSettings tls = ctl.checkedTls();
      for (String ep : eps) {
        checks.add(CompletableFuture.supplyAsync(() -> check(ctl, tls, ep)));
      }
      List<Printer.EndpointHealth> hs = new ArrayList<>();
      boolean errs = false;
      for (CompletableFuture<Printer.EndpointHealth> c : checks) {
        Printer.EndpointHealth h = c.join();
        hs.add(h);
        errs |= !h.error().isEmpty();
      }
      printer.endpointHealth(hs);
      if (errs) {
        throw new CtlException(ExitCodes.ERROR, "unhealthy cluster");
      }
    }

    /** A linearizable get of "health": permission denied still proves consensus works. */
    private static Printer.EndpointHealth check(Ctl ctl, TlsSettings tls, String ep) {
      long start = System.nanoTime();
      try (EtcdClient one = new EtcdClient(List.of(ep), ctl.timeouts().withDial(2_000_000_000L),
          tls, ctl.out()::errln, ctl.credentials())) {
        // an endpoint that does not connect fails clientv3.New, before any call could be logged
        one.dial(ep);
        // etcdctl builds each endpoint's client with the global credentials
        one.authenticate();
        one.kv().range(RangeRequest.newBuilder().setKey(Keys.bytes("health")).build());
        return new Printer.EndpointHealth(ep, true, GoFormat.duration(System.nanoTime() - start), "");
      } catch (RuntimeException e) {
        String msg = Errors.message(e);
        String took = GoFormat.duration(System.nanoTime() - start);
        if (msg.equals("etcdserver: permission denied")) {
          return new Printer.EndpointHealth(ep, true, took, "");
        }
        return new Printer.EndpointHealth(ep, false, took, msg);
      }
    }
  }

  @Command(name = "status", description = {"Prints out the status of endpoints specified in `--endpoints` flag",
      "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.",
      "The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors."})
  static final class Status implements Runnable {
    @Override
    public void run() {
      Ctl ctl = Main.ctl();
      ctl.inheritedSetting("CLUSTER", String.valueOf(cluster));
      Printer printer = ctl.printer();
      List<Printer.EndpointStatus> ss = new ArrayList<>();
      boolean failed = false;
      ctl.client(); // etcdctl builds (and authenticates) its client before asking any endpoint
      for (String ep : endpoints(ctl, cluster)) {
        try {
          ss.add(new Printer.EndpointStatus(ep,
              ctl.client().maintenance(ep).status(StatusRequest.getDefaultInstance())));
        } catch (RuntimeException e) {
          failed = true;
          ctl.out().errln("Failed to get the status of endpoint " + ep + " (" + Errors.message(e) + ")");
        }
      }
      printer.endpointStatus(ss);
      if (failed) {
        throw new CtlException(ExitCodes.ERROR, null);
      }
    }
  }

  @Command(name = "hashkv", description = "Prints the KV history hash for each endpoint in --endpoints")
  static final class HashKV implements Runnable {
    @Option(names = "--rev", defaultValue = "0", description = "maximum revision to hash (default: all revisions)") long rev;

    @Override
    public void run() {
      Ctl ctl = Main.ctl();
      ctl.inheritedSetting("CLUSTER", String.valueOf(cluster));
      Printer printer = ctl.printer();
      List<Printer.EndpointHash> hs = new ArrayList<>();
      String err = null;
      ctl.client(); // etcdctl builds (and authenticates) its client before asking any endpoint
      for (String ep : endpoints(ctl, cluster)) {
        try {
          hs.add(new Printer.EndpointHash(ep, ctl.client().maintenance(ep)
              .hashKV(HashKVRequest.newBuilder().setRevision(rev).build())));
        } catch (RuntimeException e) {
          err = Errors.message(e);
          ctl.out().errln("Failed to get the hash of endpoint " + ep + " (" + err + ")");
        }
      }
      printer.endpointHashKV(hs);
      if (err != null) {
        throw new CtlException(ExitCodes.ERROR, err);
      }
    }
  }
}
