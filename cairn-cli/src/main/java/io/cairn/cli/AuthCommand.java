package io.cairn.cli;

import io.cairn.api.AuthDisableRequest;
import io.cairn.api.AuthEnableRequest;
import io.cairn.api.AuthRoleAddRequest;
import io.cairn.api.AuthUserGrantRoleRequest;
import io.cairn.cli.client.Errors;
import io.cairn.cli.client.EtcdClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code auth enable|disable} (auth_command.go). */
@Command(name = "auth", customSynopsis = "auth <enable or disable>", description = "Enable or disable authentication", subcommands = {
    AuthCommand.Enable.class, AuthCommand.Disable.class})
public final class AuthCommand extends CommandGroup {
  static final String ROOT = "root";
  private static final String ROOT_ROLE_MISSING = "etcdserver: root user does not have root role";


  @Command(name = "enable", description = "Enables authentication")
  static final class Enable implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (!args.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "auth enable command does not accept any arguments");
      }
      Ctl ctl = Main.ctl();
      EtcdClient client = ctl.client();
      try {
        // etcdctl gives the root user its missing root role and tries again
        while (true) {
          try {
            client.auth().authEnable(AuthEnableRequest.getDefaultInstance());
            break;
          } catch (RuntimeException e) {
            if (!Errors.isGrpc(e) || !Errors.message(e).equals(ROOT_ROLE_MISSING)) {
              throw e;
            }
          }
          client.auth().roleAdd(AuthRoleAddRequest.newBuilder().setName(ROOT).build());
          client.auth().userGrantRole(
              AuthUserGrantRoleRequest.newBuilder().setUser(ROOT).setRole(ROOT).build());
        }
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.ERROR, Errors.message(e));
      }
      ctl.out().println("Authentication Enabled");
    }
  }

  @Command(name = "disable", description = "Disables authentication")
  static final class Disable implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (!args.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "auth disable command does not accept any arguments");
      }
      Ctl ctl = Main.ctl();
      try {
        ctl.client().auth().authDisable(AuthDisableRequest.getDefaultInstance());
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.ERROR, Errors.message(e));
      }
      ctl.out().println("Authentication Disabled");
    }
  }
}
