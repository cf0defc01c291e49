package io.cairn.cli;

import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.TlsSettings;
import io.cairn.cli.client.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code make-mirror [options] <destination>}: copies the source's keys (under {@code --prefix})
 * to the destination cluster, then applies every later change, until an error ends it
 * (make_mirror_command.go). Every 30 s it prints how many keys it has mirrored.
 *
 * <p>{@code --rev R} is etcd 3.6's incremental mirror: no base copy, the changes from revision R on.
 * It is how a cluster restored from a snapshot at revision R - 1 catches up with its live source
 * (docs/disaster-recovery.md). It is hidden from the help, which stays etcdctl 3.4's byte for byte.
 */
@Command(name = "make-mirror", customSynopsis = "make-mirror [options] <destination>",
    description = "Makes a mirror at the destination etcd cluster")
public final class MakeMirrorCommand implements Runnable {
  private static final long PROGRESS_PERIOD_SECONDS = 30;

  @Option(names = "--prefix", defaultValue = "", description = "Key-value prefix to mirror") String prefix;
  @Option(names = "--rev", defaultValue = "0", hidden = true,
      description = "Specify the kv revision to start to mirror") long rev;
  @Option(names = "--dest-prefix", defaultValue = "",
      description = "destination prefix to mirror a prefix to a different prefix in the destination cluster")
  String destPrefix;
  @Option(names = "--no-dest-prefix", arity = "0..1", fallbackValue = "true",
      description = "mirror key-values to the root of the destination cluster") boolean noDestPrefix;
  @Option(names = "--dest-cert", defaultValue = "",
      description = "Identify secure client using this TLS certificate file for the destination cluster")
  String destCert;
  @Option(names = "--dest-key", defaultValue = "", description = "Identify secure client using this TLS key file")
  String destKey;
  @Option(names = "--dest-cacert", defaultValue = "",
      description = "Verify certificates of TLS enabled secure servers using this CA bundle") String destCacert;
  @Option(names = "--dest-insecure-transport", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Disable transport security for client connections") boolean destInsecureTransport;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    if (args.size() != 1) {
      throw new CtlException(ExitCodes.BAD_ARGS, "make-mirror takes one destination argument");
    }
    Ctl ctl = Main.ctl();
    // etcdctl builds the destination's client first, from the global timeouts
    TlsFiles.check(destCert, destKey, destCacert);
    try (EtcdClient dest = new EtcdClient(List.of(args.get(0)), ctl.timeouts(),
        TlsFiles.verified(new TlsSettings(destCert, destKey, destCacert, "", destInsecureTransport, false)),
        ctl.out()::errln, java.util.Optional.empty())) {
      EtcdClient source = ctl.client();
      Mirror mirror = new Mirror(source, dest, prefix);
      ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mirror-progress");
        t.setDaemon(true);
        return t;
      });
      progress.scheduleAtFixedRate(() -> {
        ctl.out().println(Long.toString(mirror.total()));
        ctl.out().flush();
      }, PROGRESS_PERIOD_SECONDS, PROGRESS_PERIOD_SECONDS, TimeUnit.SECONDS);
      String error;
      try {
        if (rev > 1) {
          mirror.startAt(rev);
        } else {
          mirror.readBaseRevision();
        }
        // etcdctl checks these flags only after it has asked the source for its revision
        if (noDestPrefix && !destPrefix.isEmpty()) {
          throw new CtlException(ExitCodes.BAD_ARGS,
              "`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one");
        }
        mirror.run(noDestPrefix || !destPrefix.isEmpty() ? destPrefix : prefix);
        // the source's watch ended without an error: etcdctl prints the nil error
        error = "<nil>";
      } catch (CtlException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!Errors.isGrpc(e) && !(e instanceof Mirror.CompactedException)) {
          throw e;
        }
        error = e instanceof Mirror.CompactedException ? e.getMessage() : Errors.message(e);
      } finally {
        progress.shutdownNow();
      }
      throw new CtlException(ExitCodes.ERROR, error);
    }
  }
}
