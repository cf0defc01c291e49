package io.cairn.cli;

import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmResponse;
import io.cairn.api.AlarmType;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code alarm list|disarm} (alarm_command.go). */
@Command(name = "alarm", customSynopsis = "alarm <subcommand>", description = "Alarm related commands",
    subcommands = {AlarmCommand.Disarm.class, AlarmCommand.ListAlarms.class})
public final class AlarmCommand extends CommandGroup {
  @Command(name = "disarm", description = "Disarms all alarms")
  static final class Disarm implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (!args.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "alarm disarm command accepts no arguments");
      }
      Ctl ctl = Main.ctl();
      // clientv3's AlarmDisarm of "all": list, then deactivate each alarm one by one
      AlarmResponse list = ctl.client().maintenance().alarm(
          AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build());
      AlarmResponse.Builder ret = AlarmResponse.newBuilder();
      for (AlarmMember a : list.getAlarmsList()) {
        AlarmResponse d = ctl.client().maintenance().alarm(AlarmRequest.newBuilder()
            .setAction(AlarmRequest.AlarmAction.DEACTIVATE).setMemberID(a.getMemberID())
            .setAlarm(a.getAlarm() == null ? AlarmType.NONE : a.getAlarm()).build());
        ret.addAllAlarms(d.getAlarmsList());
      }
      ctl.printer().alarm(ret.build());
    }
  }

  @Command(name = "list", description = "Lists all alarms")
  static final class ListAlarms implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (!args.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "alarm list command accepts no arguments");
      }
      Ctl ctl = Main.ctl();
      ctl.printer().alarm(ctl.client().maintenance().alarm(
          AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build()));
    }
  }
}
