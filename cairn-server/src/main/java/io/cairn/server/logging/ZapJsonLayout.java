package io.cairn.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.KeyValuePair;

/**
 * etcd's {@code --logger=zap} lines: one JSON object per line with its encoder's keys and
 * encodings ({@code level} in lower case, {@code ts} in ISO 8601 with milliseconds, {@code caller}
 * as {@code File:line}, {@code msg}), then the member's {@code local-member-id}, the logger and
 * thread, the event's key/value pairs, and {@code error} and {@code stacktrace} for a throwable.
 */
public final class ZapJsonLayout extends LayoutBase<ILoggingEvent> {
  static final String MEMBER_PROPERTY = "cairn.localMemberId";
  /** JSON strings as the gateway writes them (Gson, without HTML escaping). */
  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneId.systemDefault());

  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(256).append('{');
    field(b, "level", level(e.getLevel()));
    field(b, "ts", TS.format(Instant.ofEpochMilli(e.getTimeStamp())));
    StackTraceElement[] caller = e.getCallerData();
    if (caller != null && caller.length > 0) {
      field(b, "caller", caller[0].getFileName() + ":" + caller[0].getLineNumber());
    }
    field(b, "msg", e.getFormattedMessage());
    String member = getContext() == null ? null : getContext().getProperty(MEMBER_PROPERTY);
    if (member != null) {
      field(b, "local-member-id", member);
    }
    field(b, "logger", e.getLoggerName());
    field(b, "thread", e.getThreadName());
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) {
        field(b, kv.key, String.valueOf(kv.value));
      }
    }
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      field(b, "error", t.getClassName() + ": " + t.getMessage());
      field(b, "stacktrace", stack(t));
    }
    b.setLength(b.length() - 1); // the last comma
    return b.append("}\n").toString();
  }

  private static String level(Level l) {
    return switch (l.toInt()) {
      case Level.ERROR_INT -> "error";
      case Level.WARN_INT -> "warn";
      case Level.INFO_INT -> "info";
      default -> "debug";
    };
  }

  private static String stack(IThrowableProxy t) {
    StringBuilder s = new StringBuilder();
    for (StackTraceElementProxy f : t.getStackTraceElementProxyArray()) {
      s.append(f.getSTEAsString()).append('\n');
    }
    if (t.getCause() != null) {
      s.append("Caused by: ").append(ThrowableProxyUtil.asString(t.getCause()));
    }
    return s.toString();
  }

  private static void field(StringBuilder b, String key, String value) {
    b.append(JSON.toJson(key)).append(':').append(JSON.toJson(value)).append(',');
  }
}
