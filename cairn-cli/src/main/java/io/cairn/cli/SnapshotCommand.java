package io.cairn.cli;

import io.cairn.api.SnapshotRequest;
import io.cairn.api.SnapshotResponse;
import io.cairn.cli.client.Errors;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.GoJson;
import io.cairn.cli.print.Printer;
import io.cairn.cli.snapshot.SnapshotFiles;
import io.cairn.cli.snapshot.SnapshotStatus;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code snapshot save <filename>} and {@code snapshot status <filename>} (snapshot_command.go,
 * clientv3/snapshot/v3_snapshot.go).
 */
@Command(name = "snapshot", customSynopsis = "snapshot <subcommand>", description = "Manages etcd node snapshots",
    subcommands = {SnapshotCommand.Save.class, SnapshotCommand.Status.class})
public final class SnapshotCommand extends CommandGroup {
  @Command(name = "save", customSynopsis = "save <filename>", description = "Stores an etcd node backend snapshot to a given file")
  static final class Save implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() != 1) {
        throw new CtlException(ExitCodes.BAD_ARGS, "snapshot save expects one argument");
      }
      Ctl ctl = Main.ctl();
      if (ctl.endpoints().size() != 1) {
        throw new CtlException(ExitCodes.INTERRUPTED,
            "snapshot must be requested to one selected node, not multiple " + GoFormat.slice(ctl.endpoints()));
      }
      String ep = ctl.endpoints().get(0);
      String path = args.get(0);
      String part = path + ".part";
      ctl.client();
      long start = System.nanoTime();
      long size = 0;
      try (FileOutputStream out = new FileOutputStream(part)) {
        log(ctl, "snapshot/v3_snapshot.go:119", "created temporary db file", "path", part);
        Iterator<SnapshotResponse> it = io.cairn.api.MaintenanceGrpc.newBlockingStub(ctl.client().channel())
            .withDeadlineAfter(365, TimeUnit.DAYS).snapshot(SnapshotRequest.getDefaultInstance());
        log(ctl, "clientv3/maintenance.go:200", "opened snapshot stream; downloading");
        log(ctl, "snapshot/v3_snapshot.go:127", "fetching snapshot", "endpoint", ep);
        DownloadProgress progress = new DownloadProgress(ctl.out());
        while (it.hasNext()) {
          SnapshotResponse resp = it.next();
          byte[] blob = resp.getBlob().toByteArray();
          out.write(blob);
          size += blob.length;
          progress.update(size, resp.getRemainingBytes());
        }
        progress.finish(size);
        log(ctl, "clientv3/maintenance.go:208", "completed snapshot read; closing");
        out.getFD().sync();
      } catch (IOException e) {
        throw new CtlException(ExitCodes.INTERRUPTED, "could not open " + part + " (" + e.getMessage() + ")");
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.INTERRUPTED, Errors.message(e));
      }
      if ((size - 32) % 512 != 0) {
        throw new CtlException(ExitCodes.INTERRUPTED, "sha256 checksum not found [bytes: " + size + "]");
      }
      verify(part);
      ctl.out().errln(line("snapshot/v3_snapshot.go:142", "fetched snapshot", "endpoint", ep, "size",
          GoFormat.humanizeBytes(size)).replaceFirst("}$", ",\"took\":"
          + String.format("%.9f", (System.nanoTime() - start) / 1e9).replaceAll("0+$", "") + "}"));
      try {
        Files.move(Path.of(part), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new CtlException(ExitCodes.INTERRUPTED,
            "could not rename " + part + " to " + path + " (" + e.getMessage() + ")");
      }
      log(ctl, "snapshot/v3_snapshot.go:152", "saved", "path", path);
      ctl.out().println("Snapshot saved at " + path);
    }

    /** The stream ends with the SHA-256 of everything before it, as etcd sends it. */
    private static void verify(String part) {
      try {
        byte[] all = Files.readAllBytes(Path.of(part));
        byte[] body = Arrays.copyOf(all, all.length - 32);
        byte[] sum = Arrays.copyOfRange(all, all.length - 32, all.length);
        if (!Arrays.equals(MessageDigest.getInstance("SHA-256").digest(body), sum)) {
          throw new CtlException(ExitCodes.INTERRUPTED, "expected sha256 " + Arrays.toString(sum)
              + ", got " + Arrays.toString(MessageDigest.getInstance("SHA-256").digest(body)));
        }
      } catch (IOException | NoSuchAlgorithmException e) {
        throw new CtlException(ExitCodes.INTERRUPTED, e.getMessage());
      }
    }

    /** A zap production log line, as the Go snapshot code writes them to stderr. */
    private static void log(Ctl ctl, String caller, String msg, String... kv) {
      ctl.out().errln(line(caller, msg, kv));
    }

    private static String line(String caller, String msg, String... kv) {
      GoJson j = new GoJson().raw("{").key("level").string("info").raw(",").key("ts")
          .raw(String.format("%.9e", System.currentTimeMillis() / 1000.0).replace("e+0", "e+0"))
          .raw(",").key("caller").string(caller).raw(",").key("msg").string(msg);
      for (int i = 0; i + 1 < kv.length; i += 2) {
        j.raw(",").key(kv[i]).string(kv[i + 1]);
      }
      return j.raw("}").toString();
    }
  }

  @Command(name = "status", customSynopsis = "status <filename>", description = {
      "Gets backend snapshot status of a given file",
      "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.",
      "The items in the lists are hash, revision, total keys, total size.", ""})
  static final class Status implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() != 1) {
        throw new CtlException(ExitCodes.BAD_ARGS, "snapshot status requires exactly one argument");
      }
      Main.ctl().withoutClientConfig(); // etcdctl reads the file with no client config
      Printer printer = Main.ctl().printer();
      SnapshotStatus status;
      try {
        status = SnapshotFiles.status(Path.of(args.get(0)));
      } catch (IOException e) {
        throw new CtlException(ExitCodes.ERROR, e.getMessage());
      }
      printer.dbStatus(status);
    }
  }
}
