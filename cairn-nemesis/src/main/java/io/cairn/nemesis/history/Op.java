package io.cairn.nemesis.history;

/**
 * One operation of one client: invoked at {@code invoke}, completed at {@code complete} (nanoTime
 * of the recording JVM), through {@code member}. An indeterminate operation's {@code complete} is
 * when the client gave up; it may still take effect later. {@code result} is null unless OK.
 */
public record Op(int id, int client, int member, Call call, long invoke, long complete,
    Outcome outcome, Result result) {

  public boolean ok() {
    return outcome == Outcome.OK;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append('#').append(id).append(" c").append(client).append("@m").append(member + 1)
        .append(' ').append(call).append(" [").append(invoke / 1_000_000).append("..")
        .append(complete / 1_000_000).append("ms] ").append(outcome);
    if (result != null) {
      s.append(' ').append(result);
    }
    return s.toString();
  }
}
