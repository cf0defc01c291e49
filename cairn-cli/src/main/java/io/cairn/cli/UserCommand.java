package io.cairn.cli;

import io.cairn.api.AuthRoleGetRequest;
import io.cairn.api.AuthUserAddRequest;
import io.cairn.api.AuthUserChangePasswordRequest;
import io.cairn.api.AuthUserDeleteRequest;
import io.cairn.api.AuthUserGetRequest;
import io.cairn.api.AuthUserGetResponse;
import io.cairn.api.AuthUserGrantRoleRequest;
import io.cairn.api.AuthUserListRequest;
import io.cairn.api.AuthUserRevokeRoleRequest;
import io.cairn.api.UserAddOptions;
import io.cairn.cli.client.Errors;
import io.cairn.cli.client.EtcdClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user add|delete|get|list|passwd|grant-role|revoke-role} (user_command.go). */
@Command(name = "user", customSynopsis = "user <subcommand>", description = "User related commands", subcommands = {
    UserCommand.Add.class, UserCommand.Delete.class, UserCommand.Get.class, UserCommand.ListUsers.class,
    UserCommand.Passwd.class, UserCommand.GrantRole.class, UserCommand.RevokeRole.class})
public final class UserCommand extends CommandGroup {

  /** A request whose failure etcdctl reports as it is (exit 1). */
  static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw new CtlException(ExitCodes.ERROR, Errors.message(e));
    }
  }

  static void requireArgs(List<String> args, int n, String message) {
    if (args.size() != n) {
      throw new CtlException(ExitCodes.BAD_ARGS, message);
    }
  }

  @Command(name = "add", customSynopsis = "add <user name or user:password> [options]",
      description = "Adds a new user")
  static final class Add implements Runnable {
    @Option(names = "--interactive", arity = "0..1", fallbackValue = "true", defaultValue = "true",
        description = "Read password from stdin instead of interactive terminal")
    boolean interactive = true;
    @Option(names = "--new-user-password", description = "Supply password from the command line flag")
    String newUserPassword = "";
    @Option(names = "--no-password", arity = "0..1", fallbackValue = "true",
        description = "Create a user without password (CN based auth only)")
    boolean noPassword;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "user add command requires user name as its argument");
      String arg = args.get(0);
      String user = arg;
      String password = "";
      if (!noPassword) {
        int colon = arg.indexOf(':');
        if (!newUserPassword.isEmpty()) {
          password = newUserPassword;
        } else if (colon < 0) {
          Ctl ctl = Main.ctl();
          password = interactive ? PasswordPrompt.askTwice(arg, ctl.out()) : PasswordPrompt.scanWord();
        } else {
          user = arg.substring(0, colon);
          password = arg.substring(colon + 1);
          if (user.isEmpty()) {
            throw new CtlException(ExitCodes.BAD_ARGS, "empty user name is not allowed");
          }
        }
      }
      AuthUserAddRequest req = AuthUserAddRequest.newBuilder().setName(user).setPassword(password)
          .setOptions(UserAddOptions.newBuilder().setNoPassword(noPassword)).build();
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().userAdd(user, call(() -> client.auth().userAdd(req)));
    }
  }

  @Command(name = "delete", customSynopsis = "delete <user name>", description = "Deletes a user")
  static final class Delete implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "user delete command requires user name as its argument");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().userDelete(args.get(0), call(() -> client.auth().userDelete(
          AuthUserDeleteRequest.newBuilder().setName(args.get(0)).build())));
    }
  }

  @Command(name = "get", customSynopsis = "get <user name> [options]",
      description = "Gets detailed information of a user")
  static final class Get implements Runnable {
    @Option(names = "--detail", arity = "0..1", fallbackValue = "true",
        description = "Show permissions of roles granted to the user")
    boolean detail;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "user get command requires user name as its argument");
      String name = args.get(0);
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      AuthUserGetResponse resp = call(() -> client.auth().userGet(
          AuthUserGetRequest.newBuilder().setName(name).build()));
      if (!detail) {
        ctl.printer().userGet(name, resp);
        return;
      }
      // etcdctl prints these lines itself, whatever the output format
      ctl.out().println("User: " + name);
      for (String role : resp.getRolesList()) {
        ctl.out().println();
        ctl.printer().roleGet(role, call(() -> client.auth().roleGet(
            AuthRoleGetRequest.newBuilder().setRole(role).build())));
      }
    }
  }

  @Command(name = "list", description = "Lists all users")
  static final class ListUsers implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 0, "user list command requires no arguments");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().userList(call(() -> client.auth().userList(AuthUserListRequest.getDefaultInstance())));
    }
  }

  @Command(name = "passwd", customSynopsis = "passwd <user name> [options]",
      description = "Changes password of user")
  static final class Passwd implements Runnable {
    @Option(names = "--interactive", arity = "0..1", fallbackValue = "true", defaultValue = "true",
        description = "If true, read password from stdin instead of interactive terminal")
    boolean interactive = true;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 1, "user passwd command requires user name as its argument");
      Ctl ctl = Main.ctl();
      String password = interactive ? PasswordPrompt.askTwice(args.get(0), ctl.out())
          : PasswordPrompt.scanWord();
      EtcdClient client = ctl.client();
      ctl.printer().userChangePassword(call(() -> client.auth().userChangePassword(
          AuthUserChangePasswordRequest.newBuilder().setName(args.get(0)).setPassword(password).build())));
    }
  }

  @Command(name = "grant-role", customSynopsis = "grant-role <user name> <role name>",
      description = "Grants a role to a user")
  static final class GrantRole implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 2, "user grant command requires user name and role name as its argument");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().userGrantRole(args.get(0), args.get(1), call(() -> client.auth().userGrantRole(
          AuthUserGrantRoleRequest.newBuilder().setUser(args.get(0)).setRole(args.get(1)).build())));
    }
  }

  @Command(name = "revoke-role", customSynopsis = "revoke-role <user name> <role name>",
      description = "Revokes a role from a user")
  static final class RevokeRole implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      requireArgs(args, 2, "user revoke-role requires user name and role name as its argument");
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      ctl.printer().userRevokeRole(args.get(0), args.get(1), call(() -> client.auth().userRevokeRole(
          AuthUserRevokeRoleRequest.newBuilder().setName(args.get(0)).setRole(args.get(1)).build())));
    }
  }
}
