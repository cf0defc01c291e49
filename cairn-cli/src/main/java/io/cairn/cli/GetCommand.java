package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.cli.print.SimplePrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get [options] <key> [range_end]} (get_command.go). */
@Command(name = "get", description = "Gets the key or a range of keys",
    customSynopsis = "get [options] <key> [range_end]")
public final class GetCommand implements Runnable {
  @Option(names = "--consistency", defaultValue = "l", description = "Linearizable(l) or Serializable(s)") String consistency;
  @Option(names = "--order", defaultValue = "",
      description = "Order of results; ASCEND or DESCEND (ASCEND by default)") String order;
  @Option(names = "--sort-by", defaultValue = "",
      description = "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION") String sortBy;
  @Option(names = "--limit", defaultValue = "0", description = "Maximum number of results") long limit;
  @Option(names = "--prefix", arity = "0..1", fallbackValue = "true",
      description = "Get keys with matching prefix") boolean prefix;
  @Option(names = "--from-key", arity = "0..1", fallbackValue = "true",
      description = "Get keys that are greater than or equal to the given key using byte compare") boolean fromKey;
  @Option(names = "--rev", defaultValue = "0", description = "Specify the kv revision") long rev;
  @Option(names = "--keys-only", arity = "0..1", fallbackValue = "true",
      description = "Get only the keys") boolean keysOnly;
  @Option(names = "--print-value-only", arity = "0..1", fallbackValue = "true",
      description = "Only write values when using the \"simple\" output format") boolean valueOnly;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    Ctl ctl = Main.ctl();
    RangeRequest req = toRequest();
    RangeResponse resp = ctl.client().kv().range(req);
    if (valueOnly) {
      if (!(ctl.printer() instanceof SimplePrinter sp)) {
        throw new CtlException(ExitCodes.BAD_ARGS, "print-value-only is only for `--write-out=simple`");
      }
      sp.valueOnly(true);
    }
    ctl.printer().get(resp);
  }

  /** The request etcdctl's getGetOp builds, with its argument checks. */
  RangeRequest toRequest() {
    if (args.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "get command needs one argument as key and an optional argument as range_end");
    }
    if (prefix && fromKey) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "`--prefix` and `--from-key` cannot be set at the same time, choose one");
    }
    RangeRequest.Builder b = RangeRequest.newBuilder();
    switch (consistency) {
      case "s" -> b.setSerializable(true);
      case "l" -> { }
      default -> throw new CtlException(ExitCodes.BAD_FEATURE,
          "unknown consistency flag " + io.cairn.cli.print.GoFormat.quote(consistency));
    }
    ByteString key = Keys.bytes(args.get(0));
    if (args.size() > 1) {
      if (prefix || fromKey) {
        throw new CtlException(ExitCodes.BAD_ARGS,
            "too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
      }
      b.setRangeEnd(Keys.bytes(args.get(1)));
    }
    b.setLimit(limit);
    if (rev > 0) {
      b.setRevision(rev);
    }
    RangeRequest.SortOrder sortOrder = switch (order.toUpperCase(Locale.ROOT)) {
      case "ASCEND" -> RangeRequest.SortOrder.ASCEND;
      case "DESCEND" -> RangeRequest.SortOrder.DESCEND;
      case "" -> RangeRequest.SortOrder.NONE;
      default -> throw new CtlException(ExitCodes.BAD_FEATURE, "bad sort order " + order);
    };
    RangeRequest.SortTarget target = switch (sortBy.toUpperCase(Locale.ROOT)) {
      case "CREATE" -> RangeRequest.SortTarget.CREATE;
      case "KEY", "" -> RangeRequest.SortTarget.KEY;
      case "MODIFY" -> RangeRequest.SortTarget.MOD;
      case "VALUE" -> RangeRequest.SortTarget.VALUE;
      case "VERSION" -> RangeRequest.SortTarget.VERSION;
      default -> throw new CtlException(ExitCodes.BAD_FEATURE, "bad sort target " + sortBy);
    };
    // clientv3.WithSort: ascending by key is the server's natural order
    if (target == RangeRequest.SortTarget.KEY && sortOrder == RangeRequest.SortOrder.ASCEND) {
      sortOrder = RangeRequest.SortOrder.NONE;
    }
    b.setSortOrder(sortOrder).setSortTarget(target);
    if (prefix) {
      if (key.isEmpty()) {
        key = Keys.NUL;
        b.setRangeEnd(Keys.NUL);
      } else {
        b.setRangeEnd(Keys.prefixEnd(key));
      }
    }
    if (fromKey) {
      if (key.isEmpty()) {
        key = Keys.NUL;
      }
      b.setRangeEnd(Keys.NUL);
    }
    b.setKeysOnly(keysOnly);
    return b.setKey(key).build();
  }
}
