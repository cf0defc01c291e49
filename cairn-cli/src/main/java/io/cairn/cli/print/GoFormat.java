package io.cairn.cli.print;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Go's fmt verbs that etcdctl's output depends on (%q, %x, %v of slices, humanize.Bytes). */
public final class GoFormat {
  private GoFormat() {}

  /** Bytes as Go's string(b) printed with %s: invalid UTF-8 goes out raw. */
  public static byte[] raw(com.google.protobuf.ByteString b) {
    return b.toByteArray();
  }

  /** Go's %q (strconv.Quote) of a byte string. */
  public static String quote(byte[] b) {
    StringBuilder sb = new StringBuilder("\"");
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        appendAscii(sb, c);
        i++;
        continue;
      }
      int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      String decoded = len > 1 && i + len <= b.length ? decode(b, i, len) : null;
      if (decoded == null) {
        sb.append(String.format("\\x%02x", c));
        i++;
        continue;
      }
      int cp = decoded.codePointAt(0);
      if (Character.isISOControl(cp) || !isPrint(cp)) {
        if (cp < 0x10000) {
          sb.append(String.format("\\u%04x", cp));
        } else {
          sb.append(String.format("\\U%08x", cp));
        }
      } else {
        sb.append(decoded);
      }
      i += len;
    }
    return sb.append('"').toString();
  }

  public static String quote(String s) {
    return quote(s.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isPrint(int cp) {
    int type = Character.getType(cp);
    return type != Character.UNASSIGNED && type != Character.CONTROL && type != Character.FORMAT
        && type != Character.SURROGATE && type != Character.PRIVATE_USE
        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || cp == ' ');
  }

  private static String decode(byte[] b, int off, int len) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer cb = d.decode(ByteBuffer.wrap(b, off, len));
      return cb.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void appendAscii(StringBuilder sb, int c) {
    switch (c) {
      case 7 -> sb.append("\\a");
      case 8 -> sb.append("\\b");
      case 12 -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      default -> {
        if (c < 0x20 || c == 0x7f) {
          sb.append(String.format("\\x%02x", c));
        } else {
          sb.append((char) c);
        }
      }
    }
  }

  /** Go's %016x of a lease ID (int64 printed as its two's complement hex only if non-negative). */
  public static String hex16(long v) {
    if (v < 0) {
      return "-" + String.format("%016x", -v);
    }
    return String.format("%016x", v);
  }

  /** Go's %16x of a uint64: space padded to 16. */
  public static String hexPadded(long v) {
    return String.format("%16s", Long.toHexString(v));
  }

  /** Go's %x of a uint64. */
  public static String hex(long v) {
    return Long.toHexString(v);
  }

  public static String unsigned(long v) {
    return Long.toUnsignedString(v);
  }

  /** Go's %v of a []string: [a b c]. */
  public static String slice(List<String> items) {
    return "[" + String.join(" ", items) + "]";
  }

  /** go-humanize's Bytes: SI units, one decimal under 10. */
  public static String humanizeBytes(long s) {
    if (s < 10) {
      return s + " B";
    }
    String[] sizes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    double e = Math.floor(Math.log(s) / Math.log(1000));
    String suffix = sizes[(int) e];
    double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
    // Go's %.1f and %.0f round the exact binary value half to even (20.5 kB prints as "20 kB")
    return new java.math.BigDecimal(val).setScale(val < 10 ? 1 : 0, java.math.RoundingMode.HALF_EVEN)
        .toPlainString() + " " + suffix;
  }

  /** Go's time.Duration.String(). */
  public static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return fraction(nanos, 1_000) + "µs";
    }
    if (nanos < 1_000_000_000) {
      return fraction(nanos, 1_000_000) + "ms";
    }
    long secs = nanos / 1_000_000_000;
    long h = secs / 3600;
    long m = (secs % 3600) / 60;
    StringBuilder sb = new StringBuilder();
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    return sb.append(fraction(nanos % 60_000_000_000L, 1_000_000_000)).append('s').toString();
  }

  /** v / unit with the fraction's trailing zeros dropped, in integer arithmetic. */
  private static String fraction(long v, long unit) {
    long whole = v / unit;
    long frac = v % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    int digits = Long.toString(unit).length() - 1;
    String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
    return whole + "." + f;
  }

  /** Go's time.ParseDuration, with its error texts (pflag shows them for a bad duration flag). */
  public static long parseDurationNanos(String s) {
    String invalid = "time: invalid duration " + quote(s);
    int i = 0;
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return 0;
    }
    if (i == s.length()) {
      throw new IllegalArgumentException(invalid);
    }
    double total = 0;
    while (i < s.length()) {
      int numStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String num = s.substring(numStart, i);
      if (num.isEmpty() || num.equals(".") || num.chars().filter(c -> c == '.').count() > 1) {
        throw new IllegalArgumentException(invalid);
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(s));
      }
      long nanos = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException(
            "time: unknown unit " + quote(unit) + " in duration " + quote(s));
      };
      total += Double.parseDouble(num) * nanos;
    }
    return (long) (negative ? -total : total);
  }

  /** strconv.ParseBool: the value, or null when Go would not parse it. */
  public static Boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }
}
