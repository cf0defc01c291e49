package io.cairn.tests.diff.random;

import com.google.protobuf.Message;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request of a random differential sequence, as plain data so that it replays on fresh servers
 * and shrinks. Lease IDs the servers chose are written symbolically ({@link LeaseIds#ref}); revisions
 * are absolute, so a shrunk sequence may turn a past revision into a future one, which is fine: it
 * only has to keep showing the difference.
 *
 * @param stream the watch stream of a {@link Kind#WATCH} step, otherwise 0
 */
public record Step(Kind kind, int stream, Message request) {

  /** The RPC a step calls. */
  public enum Kind {
    RANGE, PUT, DELETE_RANGE, TXN, COMPACT, LEASE_GRANT, LEASE_REVOKE, LEASE_TIME_TO_LIVE,
    LEASE_LEASES, LEASE_KEEP_ALIVE_ONCE, WATCH
  }

  private static final Pattern LONG_RUN = Pattern.compile("(.)\\1{15,}");
  private static final Pattern SYMBOLIC = Pattern.compile("\\b(lease|ID): (" + LeaseIds.BASE / 1000
      + "\\d{3})\\b");

  /** The step as one readable line of a reproduction, e.g. {@code PUT key: "a" lease: L0}. */
  public String line() {
    String text = Messages.text(request);
    Matcher runs = LONG_RUN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (runs.find()) {
      runs.appendReplacement(out, Matcher.quoteReplacement(
          runs.group(1) + "<x" + runs.group().length() + ">"));
    }
    runs.appendTail(out);
    text = out.toString();
    return kind + (kind == Kind.WATCH ? " stream=" + stream : "") + (text.isEmpty() ? "" : " " + text);
  }

  /** Writes symbolic lease IDs as L0, L1, ... (the first, second, ... lease granted). */
  static String showLeaseRefs(String text) {
    Matcher m = SYMBOLIC.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long id = Long.parseLong(m.group(2));
      m.appendReplacement(out, m.group(1) + ": L" + (id - LeaseIds.BASE));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return line();
  }
}
