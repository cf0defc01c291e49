package io.cairn.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.CodedOutputStream;
import io.cairn.api.internal.RaftEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of log entry decoding, which every member runs on every entry it applies
 * or replays: arbitrary bytes either decode, and then re-encode to something that decodes to the
 * same entry, or fail with the documented {@link IllegalStateException} ("corrupt log entry", "log
 * entry without requests", "log entry without a request"). Anything else, or a hang, is a finding.
 *
 * <p>CI runs this in Jazzer's regression mode over the checked-in inputs in
 * {@code src/test/resources/io/cairn/server/core/LogEntryFuzzTestInputs/}; real fuzzing: see
 * docs/reliability.md, "Fuzzing request decoding".
 */
class LogEntryFuzzTest {

  /** The bytes as the one request of an entry: the inputs are single encoded requests. */
  @FuzzTest(maxDuration = "30s")
  void internalRequestDecodesOrFailsAsDocumented(byte[] bytes) throws IOException {
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(entry);
    out.writeByteArray(RaftEntry.REQUESTS_FIELD_NUMBER, bytes);
    out.flush();
    decodesOrFailsAsDocumented(entry.toByteArray());
  }

  @FuzzTest(maxDuration = "30s")
  void logEntryDecodesOrFailsAsDocumented(byte[] bytes) {
    decodesOrFailsAsDocumented(bytes);
  }

  private static void decodesOrFailsAsDocumented(byte[] bytes) {
    RaftEntry entry;
    try {
      entry = RaftEntries.decode(bytes);
    } catch (IllegalStateException documented) {
      return;
    }
    assertThat(entry.getRequestsList()).isNotEmpty();
    RaftEntry again = RaftEntries.decode(RaftEntries.encode(entry.getSession(), entry.getFloor(),
        entry.getRequestsList()));
    // the entry's own unknown fields (from a newer version) are not written again
    assertThat(again).isEqualTo(entry.toBuilder().setUnknownFields(
        com.google.protobuf.UnknownFieldSet.getDefaultInstance()).build());
  }
}
