package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.Tools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python3-etcd3gw, a client of etcd's /v3 JSON gateway, drives the same session (puts,
 * gets, compare-and-swap txns, leases with keys, a watch, deletes, members, status) against etcd
 * 3.4.23 and against Cairn; what it sees must be the same.
 */
class GatewayPythonClientTest {
  @Test
  void etcd3gwSeesTheSameOnBoth(@TempDir Path tmp) throws Exception {
    Path script = tmp.resolve("etcd3gw_session.py");
    try (InputStream in = GatewayPythonClientTest.class.getResourceAsStream("/http/etcd3gw_session.py")) {
      Files.write(script, in.readAllBytes());
    }
    String etcd = session(tmp, "etcd", script);
    String cairn = session(tmp, "cairn", script);
    assertThat(etcd).contains("watch event: (b'py/w', b'watched')").contains("lease keys: [b'py/leased']");
    assertThat(cairn).isEqualTo(etcd);
  }

  private static String session(Path tmp, String which, Path script) throws Exception {
    MemberFlags f = new MemberFlags("m1", tmp.resolve(which), Ports.free(), Ports.free());
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"))) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      Process py = new ProcessBuilder(Tools.pythonWithEtcd3gw().toString(), script.toString(),
          "127.0.0.1", String.valueOf(f.clientPort())).redirectErrorStream(true).start();
      byte[] out = py.getInputStream().readAllBytes();
      assertThat(py.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String text = new String(out, StandardCharsets.UTF_8);
      assertThat(py.exitValue()).as(which + ":\n" + text).isZero();
      return text;
    }
  }
}
