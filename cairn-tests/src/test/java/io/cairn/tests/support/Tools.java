package io.cairn.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** External programs the tests drive. Missing ones fail loudly: .ci/run installs them. */
public final class Tools {
  private Tools() {}

  public static Path etcd() {
    return require("etcd", "etcd-server");
  }

  public static Path etcdctl() {
    return require("etcdctl", "etcd-client");
  }

  private static Path require(String name, String pkg) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(name + " not found on PATH: the differential tests need etcd 3.4.23 "
        + "(apt-get install -y etcd-server etcd-client, which .ci/run does)");
  }
}
