package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's logging flags: {@code --logger=zap} writes one JSON object per line with zap's keys and
 * the member's ID, to every {@code --log-outputs} target (here stdout and a file) and nothing else
 * to the process's streams; combinations etcd refuses are refused by name.
 */
class LoggingFlagsTest {
  @Test
  void zapLinesGoToEveryOutput(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("member.json.log");
    MemberFlags f = new MemberFlags("m1", tmp.resolve("m1"), Ports.free(), Ports.free())
        .with("--logger", "zap", "--log-outputs", "stdout," + file, "--log-level", "info");
    Path stdout = tmp.resolve("m1.out");
    try (CairnProcess p = new CairnProcess(f, stdout)) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty();
    boolean withMember = false;
    for (String line : lines) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertThat(o.keySet()).as(line).contains("level", "ts", "caller", "msg");
      assertThat(o.get("level").getAsString()).isIn("debug", "info", "warn", "error");
      assertThat(o.get("ts").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}");
      withMember |= o.has("local-member-id") && o.get("local-member-id").getAsString().matches("[0-9a-f]{16}");
    }
    assertThat(withMember).as("a line names the member").isTrue();
    assertThat(Files.readString(stdout)).contains(lines.get(0));
    // nothing else on the process's stdout and stderr either: gRPC's java.util.logging lines (Ratis's
    // copy logs one at every start) come through the same JSON
    assertThat(Files.readAllLines(stdout)).allSatisfy(line ->
        assertThat(JsonParser.parseString(line).isJsonObject()).as(line).isTrue());
  }

  @Test
  void warnHidesInfoLinesElectionsIncluded(@TempDir Path tmp) throws Exception {
    MemberFlags f = new MemberFlags("m1", tmp.resolve("m1"), Ports.free(), Ports.free())
        .with("--log-level", "warn");
    Path log = tmp.resolve("m1.log");
    try (CairnProcess p = new CairnProcess(f, log)) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
    }
    assertThat(Files.readAllLines(log)).noneMatch(l -> l.contains(" INFO "));
  }

  @Test
  void combinationsEtcdRefusesAreRefused(@TempDir Path tmp) throws Exception {
    for (String[] flags : List.of(new String[] {"--logger", "capnslog", "--log-outputs", "stdout,stderr"},
        new String[] {"--logger", "zap", "--log-outputs", "default,stdout"},
        new String[] {"--logger", "klog"})) {
      MemberFlags f = new MemberFlags("m1", tmp.resolve("m1"), Ports.free(), Ports.free()).with(flags);
      Path log = tmp.resolve("refused.log");
      try (CairnProcess p = new CairnProcess(f, log)) {
        p.launch();
        assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      }
      assertThat(Files.readString(log)).as(String.join(" ", flags))
          .containsPattern("invalid value \".*\" for flag -(logger|log-outputs)");
    }
  }
}
