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
 * {@code snapshot save}'s progress line, cairnctl's addition: drawn when stderr is a terminal (run
 * under {@code script}, which gives the command a pseudo-terminal), absent otherwise. The
 * differential sessions that save snapshots prove the same silence against etcdctl's output.
 */
class SnapshotSaveProgressTest {
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
    }
  }
}
