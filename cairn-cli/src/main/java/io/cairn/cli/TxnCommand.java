package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.Compare;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.cli.print.GoFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code txn [-i]}: reads compares, success requests and failure requests from stdin, each block
 * ended by an empty line, in etcdctl's grammar (txn_command.go).
 */
@Command(name = "txn", customSynopsis = "txn [options]", description = "Txn processes all the requests in one transaction")
public final class TxnCommand implements Runnable {
  private static final Pattern ARG =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^'\"\\s]\\S*[^'\"\\s]?");

  @Option(names = {"-i", "--interactive"}, arity = "0..1", fallbackValue = "true",
      description = "Input transaction in interactive mode") boolean interactive;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    if (!args.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS, "txn command does not accept argument");
    }
    Ctl ctl = Main.ctl();
    ctl.client();
    InputStream in = System.in;
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    prompt(ctl, "compares:");
    for (String line; !(line = readLine(in)).isEmpty(); ) {
      txn.addCompare(parseCompare(line));
    }
    prompt(ctl, "success requests (get, put, del):");
    for (String line; !(line = readLine(in)).isEmpty(); ) {
      txn.addSuccess(parseRequest(line, in));
    }
    prompt(ctl, "failure requests (get, put, del):");
    for (String line; !(line = readLine(in)).isEmpty(); ) {
      txn.addFailure(parseRequest(line, in));
    }
    ctl.printer().txn(ctl.client().kv().txn(txn.build()));
  }

  private void prompt(Ctl ctl, String s) {
    if (interactive) {
      ctl.out().println(s);
      ctl.out().flush();
    }
  }

  /** bufio.Reader.ReadString('\n') then TrimSpace; a line without its newline is an EOF error. */
  private static String readLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new CtlException(ExitCodes.INVALID_INPUT, "EOF");
        }
        line.write(c);
      }
    } catch (IOException e) {
      throw new CtlException(ExitCodes.INVALID_INPUT, e.getMessage());
    }
    return line.toString(StandardCharsets.UTF_8).strip();
  }

  /** etcdctl's argify: splits a line into words, unquoting "..." (Go syntax) and '...'. */
  static List<String> argify(String s) {
    Matcher m = ARG.matcher(s);
    List<String> args = new ArrayList<>();
    while (m.find()) {
      args.add(m.group());
    }
    int n = args.size();
    for (int i = 0; i < n; i++) {
      String a = args.get(i);
      if (a.isEmpty()) {
        continue;
      }
      if (a.charAt(0) == '\'') {
        // etcdctl slices with the number of words, not the word's length
        int end = Math.min(Math.max(n - 1, 1), a.length());
        args.set(i, a.substring(1, Math.max(1, end)));
      } else if (a.charAt(0) == '"') {
        Unquoted u = unquote(a, 0);
        if (u == null) {
          throw new CtlException(ExitCodes.INVALID_INPUT, "unexpected EOF");
        }
        args.set(i, u.value);
      }
    }
    return args;
  }

  private record Unquoted(String value, int end) {}

  /** Go's %q scanning of a double-quoted string starting at {@code from}. */
  private static Unquoted unquote(String s, int from) {
    if (from >= s.length() || s.charAt(from) != '"') {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = from + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return new Unquoted(out.toString(StandardCharsets.UTF_8), i + 1);
      }
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
          case 'n' -> out.write('\n');
          case 't' -> out.write('\t');
          case 'r' -> out.write('\r');
          case 'a' -> out.write(7);
          case 'b' -> out.write(8);
          case 'f' -> out.write(12);
          case 'v' -> out.write(11);
          case '\\', '"', '\'' -> out.write(e);
          case 'x' -> {
            out.write(Integer.parseInt(s.substring(i, i + 2), 16));
            i += 2;
          }
          case 'u' -> {
            out.writeBytes(new String(Character.toChars(Integer.parseInt(s.substring(i, i + 4), 16)))
                .getBytes(StandardCharsets.UTF_8));
            i += 4;
          }
          default -> {
            return null;
          }
        }
        continue;
      }
      out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      i++;
    }
    return null;
  }

  static Compare parseCompare(String line) {
    int paren = line.indexOf('(');
    if (paren < 0) {
      throw new CtlException(ExitCodes.INVALID_INPUT, "malformed comparison: " + line);
    }
    String target = line.substring(0, paren);
    String rest = line.substring(paren + 1);
    String key = "";
    String op = "";
    String val = "";
    int n = 0;
    Unquoted k = unquote(rest, 0);
    if (k != null) {
      key = k.value;
      n++;
      int i = k.end;
      if (i < rest.length() && rest.charAt(i) == ')') {
        i++;
        while (i < rest.length() && rest.charAt(i) == ' ') {
          i++;
        }
        int start = i;
        while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
          i++;
        }
        if (i > start) {
          op = rest.substring(start, i);
          n++;
          while (i < rest.length() && rest.charAt(i) == ' ') {
            i++;
          }
          Unquoted v = unquote(rest, i);
          if (v != null) {
            val = v.value;
            n++;
          }
        }
      }
    }
    if (n != 3) {
      throw new CtlException(ExitCodes.INVALID_INPUT, "malformed comparison: " + line + "; got "
          + target + "(" + GoFormat.quote(key) + ") " + op + " " + GoFormat.quote(val));
    }
    Compare.Builder c = Compare.newBuilder().setKey(Keys.bytes(key));
    try {
      switch (target) {
        case "ver", "version" -> c.setTarget(Compare.CompareTarget.VERSION).setVersion(Long.parseLong(val));
        case "c", "create" -> c.setTarget(Compare.CompareTarget.CREATE).setCreateRevision(Long.parseLong(val));
        case "m", "mod" -> c.setTarget(Compare.CompareTarget.MOD).setModRevision(Long.parseLong(val));
        case "val", "value" -> c.setTarget(Compare.CompareTarget.VALUE).setValue(Keys.bytes(val));
        default -> throw new CtlException(ExitCodes.INVALID_INPUT,
            "malformed comparison: " + line + " (unknown target " + target + ")");
      }
    } catch (NumberFormatException e) {
      throw new CtlException(ExitCodes.INVALID_INPUT, "invalid txn compare request: " + line);
    }
    Compare.CompareResult result = switch (op) {
      case "=", "==" -> Compare.CompareResult.EQUAL;
      case "!=" -> Compare.CompareResult.NOT_EQUAL;
      case "<" -> Compare.CompareResult.LESS;
      case ">" -> Compare.CompareResult.GREATER;
      default -> throw new CtlException(ExitCodes.INVALID_INPUT, "Unknown result op");
    };
    return c.setResult(result).build();
  }

  /** A get, put or del line, parsed with the same flags as the commands themselves. */
  static RequestOp parseRequest(String line, InputStream stdin) {
    List<String> words = argify(line);
    if (words.size() < 2) {
      throw new CtlException(ExitCodes.INVALID_INPUT, "invalid txn compare request: " + line);
    }
    String[] rest = words.subList(1, words.size()).toArray(new String[0]);
    try {
      switch (words.get(0)) {
        case "get" -> {
          GetCommand g = new GetCommand();
          new CommandLine(g).parseArgs(rest);
          return RequestOp.newBuilder().setRequestRange(g.toRequest()).build();
        }
        case "put" -> {
          PutCommand p = new PutCommand();
          new CommandLine(p).parseArgs(rest);
          return RequestOp.newBuilder().setRequestPut(p.toRequest(stdin)).build();
        }
        case "del" -> {
          DelCommand d = new DelCommand();
          new CommandLine(d).parseArgs(rest);
          return RequestOp.newBuilder().setRequestDeleteRange(d.toRequest()).build();
        }
        default -> throw new CtlException(ExitCodes.INVALID_INPUT, "invalid txn request: " + line);
      }
    } catch (CommandLine.ParameterException e) {
      throw new CtlException(ExitCodes.INVALID_INPUT, "invalid txn request: " + line);
    }
  }

}
