package io.cairn.server.config;

/** {@code cairn --help}: etcd 3.4's help, grouped as etcd groups it, with what Cairn does not do. */
public final class HelpText {
  private HelpText() {}

  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("Usage:\n\n")
        .append("  cairn [flags]\n    Start a Cairn member (etcd's server flags and ETCD_* variables).\n\n")
        .append("  cairn --version\n    Show the version of Cairn and of the etcd API it serves.\n\n")
        .append("  cairn -h | --help\n    Show the help information about cairn.\n\n")
        .append("  cairn --config-file\n    Path to the server configuration file (etcd's YAML). Note "
            + "that if a configuration file is provided, other command line flags and environment "
            + "variables will be ignored.\n\n")
        .append("  cairn snapshot restore FILE [--name --data-dir --initial-cluster\n"
            + "      --initial-cluster-token --initial-advertise-peer-urls --skip-hash-check]\n"
            + "    Build a data dir from a snapshot.\n");
    FlagGroup current = null;
    for (EtcdFlag f : EtcdFlags.all()) {
      if (f.group() == FlagGroup.HIDDEN) {
        continue;
      }
      if (f.group() != current) {
        current = f.group();
        b.append('\n').append(current.title()).append(":\n");
      }
      b.append("  --").append(f.name()).append(' ').append(f.etcdDefault()).append('\n');
      for (String line : f.help().split("\n")) {
        b.append("    ").append(line).append('\n');
      }
      if (!f.implemented()) {
        b.append("    [Cairn: only '").append(f.accepted()).append("' is accepted: ").append(f.refusal())
            .append(".]\n");
      }
    }
    b.append("\nCAUTIOUS with unsafe flag! It may break the guarantees given by the consensus protocol!\n");
    return b.toString();
  }
}
