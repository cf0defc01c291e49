package io.cairn.server.config;

import java.time.Duration;
import java.util.Map;

/** Flag values parsed as Go's strconv and time packages parse them, with Go's error texts. */
public final class GoValues {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
      "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoValues() {}

  /** strconv.ParseBool. */
  static boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException("parse error: strconv.ParseBool: parsing "
          + GoQuote.quote(s) + ": invalid syntax");
    };
  }

  /** strconv.ParseUint for the uint flags. */
  static long parseUint(String s) {
    try {
      long v = Long.parseLong(s);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to Go's message
    }
    throw new IllegalArgumentException("parse error: strconv.ParseUint: parsing " + GoQuote.quote(s)
        + ": invalid syntax");
  }

  /** strconv.ParseInt for the int64 flags. */
  static long parseInt(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parse error: strconv.ParseInt: parsing " + GoQuote.quote(s)
          + ": invalid syntax");
    }
  }

  /** time.ParseDuration: "300ms", "1.5h", "2h45m", "0"; no unit is an error except for 0. */
  public static Duration parseDuration(String s) {
    String orig = s;
    boolean negative = s.startsWith("-");
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalidDuration(orig);
    }
    double nanos = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw invalidDuration(orig);
      }
      double n;
      try {
        n = Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw invalidDuration(orig);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration " + GoQuote.quote(orig));
      }
      Long per = NANOS_PER_UNIT.get(unit);
      if (per == null) {
        throw new IllegalArgumentException("time: unknown unit " + GoQuote.quote(unit)
            + " in duration " + GoQuote.quote(orig));
      }
      nanos += n * per;
    }
    Duration d = Duration.ofNanos(Math.round(nanos));
    return negative ? d.negated() : d;
  }

  private static IllegalArgumentException invalidDuration(String s) {
    return new IllegalArgumentException("time: invalid duration " + GoQuote.quote(s));
  }

  /** The value in a canonical form, so that "1" and "true", or "60s" and "1m", compare equal. */
  static String canonical(EtcdFlag.Kind kind, String value) {
    return switch (kind) {
      case BOOL -> Boolean.toString(parseBool(value));
      case NUMBER -> Long.toString(parseUint(value));
      case SIGNED_NUMBER -> Long.toString(parseInt(value));
      case DURATION -> Long.toString(parseDuration(value).toNanos());
      case TEXT -> value.trim();
    };
  }

  /** Go's %q for the plain strings flags hold. */
  static final class GoQuote {
    private GoQuote() {}

    static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
