package io.cairn.cli;

import static io.cairn.cli.UserCommand.call;
import static io.cairn.cli.UserCommand.requireArgs;

import com.google.protobuf.ByteString;
import io.cairn.api.AuthRoleAddRequest;
import io.cairn.api.AuthRoleDeleteRequest;
import io.cairn.api.AuthRoleGetRequest;
import io.cairn.api.AuthRoleGrantPermissionRequest;
import io.cairn.api.AuthRoleListRequest;
import io.cairn.api.AuthRoleRevokePermissionRequest;
import io.cairn.api.Permission;
import io.cairn.cli.client.EtcdClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code role add|delete|get|list|grant-permission|revoke-permission} (role_command.go). */
@Command(name = "role", customSynopsis = "role <subcommand>", description = "Role related commands", subcommands = {
    RoleCommand.Add.class, RoleCommand.Delete.class, RoleCommand.Get.class, RoleCommand.ListRoles.class,
    RoleCommand.GrantPermission.class, RoleCommand.RevokePermission.class})
public final class RoleCommand extends CommandGroup {

  /** The key range a permission covers. */
  record PermRange(ByteString key, ByteString rangeEnd) {}

  /**
   * etcdctl's permRange: a single key, {@code [key, end)}, a prefix, or from a key on. The empty
   * key stands for "\0", and with --prefix or --from-key for the whole key space.
   */
  static PermRange permRange(List<String> keyArgs, boolean prefix, boolean fromKey) {
    String key = keyArgs.get(0);
    if (key.isEmpty()) {
      if (prefix && fromKey) {
        throw new CtlException(ExitCodes.BAD_ARGS, "--from-key and --prefix flags are mutually exclusive");
      }
      return new PermRange(Keys.NUL, prefix || fromKey ? Keys.NUL : ByteString.EMPTY);
    }
    ByteString k = Keys.bytes(key);
    if (keyArgs.size() == 1) {
      if (prefix) {
        if (fromKey) {
          throw new CtlException(ExitCodes.BAD_ARGS, "--from-key and --prefix flags are mutually exclusive");
        }
        return new PermRange(k, Keys.prefixEnd(k));
      }
      return new PermRange(k, fromKey ? Keys.NUL : ByteString.EMPTY);
    }
    if (prefix) {
      throw new CtlException(ExitCodes.BAD_ARGS, "unexpected endkey argument with --prefix flag");
    }
    if (fromKey) {
      throw new CtlException(ExitCodes.BAD_ARGS, "unexpected endkey argument with --from-key flag");
    }
    return new PermRange(k, Keys.bytes(keyArgs.get(1)));
  }

  @Command(name = "add", customSynopsis = "add <role name>", description = "Adds a new role")
  static final class Add implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "role add command requires role name as its argument");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().roleAdd(args.get(0), call(() -> client.auth().roleAdd(
          AuthRoleAddRequest.newBuilder().setName(args.get(0)).build())));
    }
  }

  @Command(name = "delete", customSynopsis = "delete <role name>", description = "Deletes a role")
  static final class Delete implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "role delete command requires role name as its argument");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().roleDelete(args.get(0), call(() -> client.auth().roleDelete(
          AuthRoleDeleteRequest.newBuilder().setRole(args.get(0)).build())));
    }
  }

  @Command(name = "get", customSynopsis = "get <role name>", description = "Gets detailed information of a role")
  static final class Get implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "role get command requires role name as its argument");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().roleGet(args.get(0), call(() -> client.auth().roleGet(
          AuthRoleGetRequest.newBuilder().setRole(args.get(0)).build())));
    }
  }

  @Command(name = "list", description = "Lists all roles")
  static final class ListRoles implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 0, "role list command requires no arguments");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().roleList(call(() -> client.auth().roleList(AuthRoleListRequest.getDefaultInstance())));
    }
  }

  @Command(name = "grant-permission",
      customSynopsis = "grant-permission [options] <role name> <permission type> <key> [endkey]",
      description = "Grants a key to a role")
  static final class GrantPermission implements Runnable {
    @Option(names = "--prefix", arity = "0..1", fallbackValue = "true", description = "grant a prefix permission")
    boolean prefix;
    @Option(names = "--from-key", arity = "0..1", fallbackValue = "true",
        description = "grant a permission of keys that are greater than or equal to the given key using byte compare")
    boolean fromKey;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() < 3) {
        throw new CtlException(ExitCodes.BAD_ARGS,
            "role grant command requires role name, permission type, and key [endkey] as its argument");
      }
      Permission.Type type = permissionType(args.get(1));
      PermRange range = permRange(args.subList(2, args.size()), prefix, fromKey);
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      Permission perm = Permission.newBuilder().setPermType(type).setKey(range.key())
          .setRangeEnd(range.rangeEnd()).build();
      ctl.printer().roleGrantPermission(args.get(0), call(() -> client.auth().roleGrantPermission(
          AuthRoleGrantPermissionRequest.newBuilder().setName(args.get(0)).setPerm(perm).build())));
    }

    /** clientv3.StrToPermissionType: the type's name in any case. */
    private static Permission.Type permissionType(String s) {
      return switch (s.toUpperCase(Locale.ROOT)) {
        case "READ" -> Permission.Type.READ;
        case "WRITE" -> Permission.Type.WRITE;
        case "READWRITE" -> Permission.Type.READWRITE;
        default -> throw new CtlException(ExitCodes.BAD_ARGS, "invalid permission type: " + s);
      };
    }
  }

  @Command(name = "revoke-permission", customSynopsis = "revoke-permission <role name> <key> [endkey]",
      description = "Revokes a key from a role")
  static final class RevokePermission implements Runnable {
    @Option(names = "--prefix", arity = "0..1", fallbackValue = "true", description = "revoke a prefix permission")
    boolean prefix;
    @Option(names = "--from-key", arity = "0..1", fallbackValue = "true",
        description = "revoke a permission of keys that are greater than or equal to the given key using byte compare")
    boolean fromKey;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.size() < 2) {
        throw new CtlException(ExitCodes.BAD_ARGS,
            "role revoke-permission command requires role name and key [endkey] as its argument");
      }
      PermRange range = permRange(args.subList(1, args.size()), prefix, fromKey);
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().roleRevokePermission(args.get(0), args.get(1), range.rangeEnd().toByteArray(),
          call(() -> client.auth().roleRevokePermission(AuthRoleRevokePermissionRequest.newBuilder()
              .setRole(args.get(0)).setKey(range.key()).setRangeEnd(range.rangeEnd()).build())));
    }
  }
}
