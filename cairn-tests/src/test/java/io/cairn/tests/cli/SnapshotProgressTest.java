package io.cairn.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.PutRequest;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.CairnctlWrapper;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress lines of {@code snapshot save} (cairnctl) and {@code snapshot restore} (the server
 * jar), additions to etcd's commands: drawn when stderr is a terminal (run under {@code script},
 * which gives the command a pseudo-terminal), absent otherwise. The differential sessions that save
 * snapshots and the restore process test prove the same silence against etcd's output.
 */
class SnapshotProgressTest {
  @TempDir
  Path tmp;

  @Test
  void progressIsDrawnOnATerminalAndNowhereElse() throws Exception {
    Path script = Path.of("/usr/bin/script");
    assertThat(script).as("util-linux's script, to give cairnctl a terminal").isExecutable();
    Path cairnctl = CairnctlWrapper.create(tmp).resolve("etcdctl");
    MemberFlags flags = new MemberFlags("default", tmp.resolve("data"), Ports.free(), Ports.free());
    try (CairnMember cairn = CairnMember.start(flags); EtcdClients client = new EtcdClients(flags.clientPort())) {
      for (int i = 0; i < 4; i++) {
        client.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k" + i))
            .setValue(ByteString.copyFrom(new byte[1 << 20])).build());
      }

      Path onTerminal = tmp.resolve("terminal.db");
      Process p = new ProcessBuilder(script.toString(), "-q", "-e", "-c", cairnctl + " --endpoints="
          + flags.clientUrl() + " snapshot save " + onTerminal, "/dev/null")
          .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      String terminal = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(p.exitValue()).as(terminal).isZero();
      assertThat(terminal).contains("\r[##############################] 100%  ")
          .containsPattern("100%  [0-9.]+ MB / [0-9.]+ MB  [0-9.]+ [kMG]?B/s")
          .contains("Snapshot saved at " + onTerminal);
      assertThat(Files.size(onTerminal)).isGreaterThan(4L << 20);

      Etcdctl.Result piped = Etcdctl.runProgram(cairnctl, flags.clientUrl(), "snapshot", "save",
          tmp.resolve("piped.db").toString());
      assertThat(piped.exit()).isZero();
      assertThat(piped.stderr()).doesNotContain("\r").doesNotContain("%").doesNotContain("B/s");

      String restore = "java -jar " + Path.of(System.getProperty("cairn.jar", "../cairn-server/target/cairn.jar"))
          .toAbsolutePath() + " snapshot restore " + onTerminal + " --name default --initial-cluster default="
          + flags.peerUrl() + " --initial-advertise-peer-urls " + flags.peerUrl() + " --data-dir ";
      Process r = new ProcessBuilder(script.toString(), "-q", "-e", "-c", restore + tmp.resolve("restored-tty"),
          "/dev/null").redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      r.getOutputStream().close();
      String restoredOnTerminal = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(r.exitValue()).as(restoredOnTerminal).isZero();
      assertThat(restoredOnTerminal).containsPattern("\rRestoring snapshot: [0-9.]+ / [0-9.]+ MiB  100%  [0-9.]+ MiB/s");

      Process q = new ProcessBuilder("bash", "-c", restore + tmp.resolve("restored-piped")).start();
      String restoredPiped = new String(q.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
          + new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(q.exitValue()).as(restoredPiped).isZero();
      assertThat(restoredPiped).doesNotContain("\r").doesNotContain("Restoring").contains("restored snapshot");
    }
  }
}
