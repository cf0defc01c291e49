package io.cairn.cli;

import io.cairn.api.MoveLeaderRequest;
import io.cairn.api.StatusRequest;
import io.cairn.api.StatusResponse;
import io.cairn.cli.client.Errors;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code move-leader <transferee-member-id>}: asks the current leader to hand over (move_leader_command.go). */
@Command(name = "move-leader", customSynopsis = "move-leader <transferee-member-id>", description = "Transfers leadership to another etcd cluster member.")
public final class MoveLeaderCommand implements Runnable {
  @Parameters List<String> args = new ArrayList<>();

  @Override
  public void run() {
    if (args.size() != 1) {
      throw new CtlException(ExitCodes.BAD_ARGS, "move-leader command needs 1 argument");
    }
    long target;
    try {
      target = Long.parseUnsignedLong(args.get(0), 16);
    } catch (NumberFormatException e) {
      throw new CtlException(ExitCodes.BAD_ARGS, "strconv.ParseUint: parsing "
          + io.cairn.cli.print.GoFormat.quote(args.get(0)) + ": invalid syntax");
    }
    Ctl ctl = Main.ctl();
    ctl.printer();
    String leaderEp = null;
    long leaderId = 0;
    for (String ep : ctl.endpoints()) {
      StatusResponse s;
      try {
        s = ctl.client().maintenance(ep).status(StatusRequest.getDefaultInstance());
      } catch (RuntimeException e) {
        throw new CtlException(ExitCodes.ERROR, Errors.message(e));
      }
      if (s.getHeader().getMemberId() == s.getLeader()) {
        leaderEp = ep;
        leaderId = s.getLeader();
        break;
      }
    }
    if (leaderEp == null) {
      throw new CtlException(ExitCodes.BAD_ARGS, "no leader endpoint given at " + List.copyOf(ctl.endpoints())
          .toString().replace(", ", " "));
    }
    var resp = ctl.client().maintenance(leaderEp)
        .moveLeader(MoveLeaderRequest.newBuilder().setTargetID(target).build());
    ctl.printer().moveLeader(leaderId, target, resp);
  }
}
