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

  /** Debian's chromium, headless for the dashboard test. */
  public static Path chromium() {
    return require("chromium", "chromium");
  }

  /** Debian's chromedriver, matching its chromium. */
  public static Path chromedriver() {
    return require("chromedriver", "chromium-driver");
  }

  public static Path curl() {
    return require("curl", "curl");
  }

  /** Debian's Python 3 with its python3-etcd3gw package, the gateway's client library. */
  public static Path pythonWithEtcd3gw() {
    return pythonWith("etcd3gw", "python3-etcd3gw");
  }

  /** Debian's Python 3 with the Prometheus client, whose parser reads /metrics. */
  public static Path pythonWithPrometheusClient() {
    return pythonWith("prometheus_client", "python3-prometheus-client");
  }

  private static Path pythonWith(String module, String pkg) {
    Path python = Path.of("/usr/bin/python3");
    try {
      Process p = new ProcessBuilder(python.toString(), "-c", "import " + module)
          .redirectErrorStream(true).start();
      if (p.waitFor() == 0) {
        return python;
      }
    } catch (java.io.IOException e) {
      // reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("/usr/bin/python3 cannot import " + module + ": the tests need "
        + "apt-get install -y " + pkg + " (which bin/test does)");
  }

  private static Path require(String name, String pkg) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(name + " not found on PATH: the tests need it "
        + "(apt-get install -y " + pkg + ", which bin/test does)");
  }
}
