package io.cairn.cli;

import io.cairn.api.DefragmentRequest;
import io.cairn.cli.client.Errors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code defrag [--cluster]}: defragments each endpoint's backend (defrag_command.go). */
@Command(name = "defrag", description = "Defragments the storage of the etcd members with given endpoints")
public final class DefragCommand implements Runnable {
  @Option(names = "--cluster", arity = "0..1", fallbackValue = "true",
      description = "use all endpoints from the cluster member list") boolean cluster;
  @Option(names = "--data-dir", defaultValue = "",
      description = "Optional. If present, defragments a data directory not in use by etcd.") String dataDir;

  @Override
  public void run() {
    Ctl ctl = Main.ctl();
    if (!dataDir.isEmpty()) {
      ctl.out().errln("Failed to defragment etcd data[" + dataDir
          + "] (offline defragmentation is not supported by cairnctl)");
      throw new CtlException(ExitCodes.ERROR, null);
    }
    ctl.client();
    int failures = 0;
    for (String ep : EndpointCommand.endpoints(ctl, cluster)) {
      try {
        ctl.client().maintenance(ep).defragment(DefragmentRequest.getDefaultInstance());
        ctl.out().println("Finished defragmenting etcd member[" + ep + "]");
      } catch (RuntimeException e) {
        ctl.out().errln("Failed to defragment etcd member[" + ep + "] (" + Errors.message(e) + ")");
        failures++;
      }
    }
    if (failures != 0) {
      throw new CtlException(ExitCodes.ERROR, null);
    }
  }
}
