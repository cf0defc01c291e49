package io.cairn.cli;

import io.cairn.api.CompactionRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compaction [options] <revision>} (compaction_command.go). */
@Command(name = "compaction", customSynopsis = "compaction [options] <revision>", description = "Compacts the event history in etcd")
public final class CompactionCommand implements Runnable {
  @Option(names = "--physical", arity = "0..1", fallbackValue = "true",
      description = "'true' to wait for compaction to physically remove all old revisions") boolean physical;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    if (args.size() != 1) {
      throw new CtlException(ExitCodes.BAD_ARGS, "compaction command needs 1 argument");
    }
    long rev;
    try {
      rev = Long.parseLong(args.get(0));
    } catch (NumberFormatException e) {
      throw new CtlException(ExitCodes.ERROR, "strconv.ParseInt: parsing "
          + io.cairn.cli.print.GoFormat.quote(args.get(0)) + ": invalid syntax");
    }
    Ctl ctl = Main.ctl();
    ctl.client().kv().compact(CompactionRequest.newBuilder().setRevision(rev).setPhysical(physical).build());
    ctl.out().println("compacted revision " + rev);
  }
}
