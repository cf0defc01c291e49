package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.DeleteRangeRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code del [options] <key> [range_end]} (del_command.go). */
@Command(name = "del", customSynopsis = "del [options] <key> [range_end]", description = "Removes the specified key or range of keys [key, range_end)")
public final class DelCommand implements Runnable {
  @Option(names = "--prefix", arity = "0..1", fallbackValue = "true",
      description = "delete keys with matching prefix") boolean prefix;
  @Option(names = "--prev-kv", arity = "0..1", fallbackValue = "true",
      description = "return deleted key-value pairs") boolean prevKv;
  @Option(names = "--from-key", arity = "0..1", fallbackValue = "true",
      description = "delete keys that are greater than or equal to the given key using byte compare") boolean fromKey;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    Ctl ctl = Main.ctl();
    DeleteRangeRequest req = toRequest();
    ctl.printer().del(ctl.client().kv().deleteRange(req));
  }

  DeleteRangeRequest toRequest() {
    if (args.isEmpty() || args.size() > 2) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "del command needs one argument as key and an optional argument as range_end");
    }
    if (prefix && fromKey) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "`--prefix` and `--from-key` cannot be set at the same time, choose one");
    }
    DeleteRangeRequest.Builder b = DeleteRangeRequest.newBuilder();
    ByteString key = Keys.bytes(args.get(0));
    if (args.size() > 1) {
      if (prefix || fromKey) {
        throw new CtlException(ExitCodes.BAD_ARGS,
            "too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
      }
      b.setRangeEnd(Keys.bytes(args.get(1)));
    }
    if (prefix) {
      if (key.isEmpty()) {
        key = Keys.NUL;
        b.setRangeEnd(Keys.NUL);
      } else {
        b.setRangeEnd(Keys.prefixEnd(key));
      }
    }
    b.setPrevKv(prevKv);
    if (fromKey) {
      if (key.isEmpty()) {
        key = Keys.NUL;
      }
      b.setRangeEnd(Keys.NUL);
    }
    return b.setKey(key).build();
  }
}
