package io.cairn.cli;

import io.cairn.api.Member;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberAddResponse;
import io.cairn.api.MemberListRequest;
import io.cairn.api.MemberPromoteRequest;
import io.cairn.api.MemberRemoveRequest;
import io.cairn.api.MemberUpdateRequest;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.SimplePrinter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code member add|remove|update|list|promote} (member_command.go). */
@Command(name = "member", customSynopsis = "member <subcommand>", description = "Membership related commands", subcommands = {
    MemberCommand.Add.class, MemberCommand.Remove.class, MemberCommand.Update.class,
    MemberCommand.ListMembers.class, MemberCommand.Promote.class})
public final class MemberCommand extends CommandGroup {
  /** strconv.ParseUint(s, 16, 64) with etcdctl's message. */
  static long memberId(List<String> args) {
    if (args.size() != 1) {
      throw new CtlException(ExitCodes.BAD_ARGS, "member ID is not provided");
    }
    String s = args.get(0);
    try {
      return Long.parseUnsignedLong(s, 16);
    } catch (NumberFormatException e) {
      String why = s.matches("[0-9a-fA-F]+") ? "value out of range" : "invalid syntax";
      throw new CtlException(ExitCodes.BAD_ARGS, "bad member ID arg (strconv.ParseUint: parsing "
          + GoFormat.quote(s) + ": " + why + "), expecting ID in Hex");
    }
  }

  /** The Go client's types.NewURLs check, made before any request. */
  static void checkUrls(List<String> urls) {
    for (String raw : urls) {
      String in = raw.strip();
      java.net.URI u;
      try {
        u = new java.net.URI(in);
      } catch (java.net.URISyntaxException e) {
        throw new CtlException(ExitCodes.ERROR, "parse " + GoFormat.quote(in) + ": " + e.getReason());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme();
      if (!List.of("http", "https", "unix", "unixs").contains(scheme)) {
        throw new CtlException(ExitCodes.ERROR, "URL scheme must be http, https, unix, or unixs: " + in);
      }
      String host = u.getRawAuthority() == null ? "" : u.getRawAuthority();
      if (!host.matches(".*:[0-9]*$")) {
        throw new CtlException(ExitCodes.ERROR, "URL address does not have the form \"host:port\": " + in);
      }
      if (u.getRawPath() != null && !u.getRawPath().isEmpty()) {
        throw new CtlException(ExitCodes.ERROR, "URL must not contain a path: " + in);
      }
    }
  }

  @Command(name = "add", customSynopsis = "add <memberName> [options]", description = "Adds a member into the cluster")
  static final class Add implements Runnable {
    @Option(names = "--peer-urls", defaultValue = "",
        description = "comma separated peer URLs for the new member.") String peerUrls;
    @Option(names = "--learner", arity = "0..1", fallbackValue = "true",
        description = "indicates if the new member is raft learner") boolean learner;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      if (args.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "member name not provided");
      }
      if (args.size() > 1) {
        StringBuilder ev = new StringBuilder("too many arguments");
        for (String s : args) {
          if (s.toLowerCase(Locale.ROOT).startsWith("http")) {
            ev.append(", did you mean --peer-urls=").append(s);
          }
        }
        throw new CtlException(ExitCodes.BAD_ARGS, ev.toString());
      }
      String name = args.get(0);
      if (peerUrls.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "member peer urls not provided");
      }
      List<String> urls = Arrays.asList(peerUrls.split(",", -1));
      Ctl ctl = Main.ctl();
      ctl.printer();
      checkUrls(urls);
      MemberAddResponse resp = ctl.client().cluster().memberAdd(
          MemberAddRequest.newBuilder().addAllPeerURLs(urls).setIsLearner(learner).build());
      long newId = resp.getMember().getID();
      ctl.printer().memberAdd(resp);
      if (ctl.printer() instanceof SimplePrinter) {
        List<String> conf = new ArrayList<>();
        for (Member m : resp.getMembersList()) {
          for (String u : m.getPeerURLsList()) {
            conf.add((m.getID() == newId ? name : m.getName()) + "=" + u);
          }
        }
        ctl.out().print("\n");
        ctl.out().println("ETCD_NAME=" + GoFormat.quote(name));
        ctl.out().println("ETCD_INITIAL_CLUSTER=" + GoFormat.quote(String.join(",", conf)));
        ctl.out().println("ETCD_INITIAL_ADVERTISE_PEER_URLS=" + GoFormat.quote(peerUrls));
        ctl.out().println("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
      }
    }
  }

  @Command(name = "remove", customSynopsis = "remove <memberID>", description = "Removes a member from the cluster")
  static final class Remove implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      long id = memberId(args);
      Ctl ctl = Main.ctl();
      ctl.printer().memberRemove(id,
          ctl.client().cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(id).build()));
    }
  }

  @Command(name = "update", customSynopsis = "update <memberID> [options]", description = "Updates a member in the cluster")
  static final class Update implements Runnable {
    @Option(names = "--peer-urls", defaultValue = "",
        description = "comma separated peer URLs for the updated member.") String peerUrls;
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      long id = memberId(args);
      if (peerUrls.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "member peer urls not provided");
      }
      Ctl ctl = Main.ctl();
      ctl.printer();
      checkUrls(Arrays.asList(peerUrls.split(",", -1)));
      ctl.printer().memberUpdate(id, ctl.client().cluster().memberUpdate(MemberUpdateRequest
          .newBuilder().setID(id).addAllPeerURLs(Arrays.asList(peerUrls.split(",", -1))).build()));
    }
  }

  @Command(name = "list", description = {"Lists all members in the cluster",
      "When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.",
      "The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner."})
  static final class ListMembers implements Runnable {
    @Override
    public void run() {
      Ctl ctl = Main.ctl();
      ctl.printer().memberList(ctl.client().cluster().memberList(MemberListRequest.getDefaultInstance()));
    }
  }

  @Command(name = "promote", customSynopsis = "promote <memberID>", description = {"Promotes a non-voting member in the cluster",
      "Promotes a non-voting learner member to a voting one in the cluster."})
  static final class Promote implements Runnable {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public void run() {
      long id = memberId(args);
      Ctl ctl = Main.ctl();
      ctl.printer().memberPromote(id,
          ctl.client().cluster().memberPromote(MemberPromoteRequest.newBuilder().setID(id).build()));
    }
  }
}
