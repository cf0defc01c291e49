package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.PutRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put [options] <key> <value>}, the value possibly from stdin (put_command.go). */
@Command(name = "put", customSynopsis = "put [options] <key> <value> (<value> can also be given from stdin)", description = {"Puts the given key into the store",
    "Puts the given key into the store.",
    "",
    "When <value> begins with '-', <value> is interpreted as a flag.",
    "Insert '--' for workaround:",
    "",
    "$ put <key> -- <value>",
    "$ put -- <key> <value>",
    "",
    "If <value> isn't given as a command line argument and '--ignore-value' is not specified,",
    "this command tries to read the value from standard input.",
    "",
    "If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,",
    "this command tries to read the value from standard input.",
    "",
    "For example,",
    "$ cat file | put <key>",
    "will store the content of the file to <key>."})
public final class PutCommand implements Runnable {
  @Option(names = "--lease", defaultValue = "0", description = "lease ID (in hexadecimal) to attach to the key") String lease;
  @Option(names = "--prev-kv", arity = "0..1", fallbackValue = "true",
      description = "return the previous key-value pair before modification") boolean prevKv;
  @Option(names = "--ignore-value", arity = "0..1", fallbackValue = "true",
      description = "updates the key using its current value") boolean ignoreValue;
  @Option(names = "--ignore-lease", arity = "0..1", fallbackValue = "true",
      description = "updates the key using its current lease") boolean ignoreLease;
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    Ctl ctl = Main.ctl();
    PutRequest req = toRequest(System.in);
    ctl.printer().put(ctl.client().kv().put(req));
  }

  PutRequest toRequest(InputStream stdin) {
    if (args.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "put command needs 1 argument and input from stdin or 2 arguments");
    }
    if (ignoreValue && args.size() > 1) {
      throw new CtlException(ExitCodes.BAD_ARGS,
          "put command needs only 1 argument when 'ignore-value' is set");
    }
    PutRequest.Builder b = PutRequest.newBuilder().setKey(Keys.bytes(args.get(0)));
    if (!ignoreValue) {
      if (args.size() > 1) {
        b.setValue(Keys.bytes(args.get(1)));
      } else {
        byte[] in;
        try {
          in = stdin.readAllBytes();
        } catch (IOException e) {
          in = new byte[0];
        }
        if (in.length == 0) {
          throw new CtlException(ExitCodes.BAD_ARGS,
              "put command needs 1 argument and input from stdin or 2 arguments");
        }
        b.setValue(ByteString.copyFrom(in));
      }
    }
    long id = LeaseCommand.parseLeaseId(lease, "bad lease ID (%s), expecting ID in Hex");
    return b.setLease(id).setPrevKv(prevKv).setIgnoreValue(ignoreValue)
        .setIgnoreLease(ignoreLease).build();
  }
}
