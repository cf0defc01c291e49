package io.cairn.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of log entry decoding, which every member runs on every entry it applies
 * or replays: arbitrary bytes either decode, and then re-encode to something that decodes to the
 * same requests, or fail with the documented {@link IllegalStateException} ("corrupt log entry",
 * "log entry without a request"). Anything else, or a hang, is a finding.
 *
 * <p>CI runs this in Jazzer's regression mode over the checked-in inputs in
 * {@code src/test/resources/io/cairn/server/core/LogEntryFuzzTestInputs/}; real fuzzing: see
 * docs/reliability.md, "Fuzzing request decoding".
 */
class LogEntryFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void internalRequestDecodesOrFailsAsDocumented(byte[] bytes) {
    InternalRequest r;
    try {
      r = InternalRequest.decode(bytes);
    } catch (IllegalStateException documented) {
      return;
    }
    assertThat(InternalRequest.decode(r.encode())).isEqualTo(r);
  }

  @FuzzTest(maxDuration = "30s")
  void logEntryDecodesOrFailsAsDocumented(byte[] bytes) {
    LogEntry entry;
    try {
      entry = LogEntry.decode(bytes);
    } catch (IllegalStateException documented) {
      return;
    }
    assertThat(entry.requests()).isNotEmpty();
    List<byte[]> encoded = entry.requests().stream().map(InternalRequest::encode).toList();
    assertThat(LogEntry.decode(LogEntry.encode(entry.session(), entry.floor(), encoded)))
        .isEqualTo(entry);
  }
}
