package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.membership.MemberIds;
import io.cairn.tests.diff.TranscriptNormalizer;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's scenario from our brief, with the real etcdctl, on three member processes: run once
 * on a 3-member etcd 3.4 cluster and once on a 3-member Cairn cluster started with the same flags,
 * and compare the transcripts. Members are named by the role they play (first leader, second
 * leader, survivor), since which member wins an election is chance.
 */
class OperatorScenarioTest {
  private static final Pattern LEADER_ID = Pattern.compile("\"leader\":(\\d+)");

  @Test
  void killLeadersLoseQuorumReviveAndCatchUpLikeEtcd(@TempDir Path tmp) throws Exception {
    List<MemberFlags> cairnFlags = MemberFlags.cluster(3, tmp.resolve("cairn"));
    List<MemberFlags> etcdFlags = new ArrayList<>();
    for (MemberFlags f : cairnFlags) {
      etcdFlags.add(new MemberFlags(f.name(), tmp.resolve("etcd").resolve(f.name()), f.host(),
          f.clientPort(), f.peerPort(), f.initialCluster(), f.extra()));
    }
    String cairn = scenario(cairnFlags, (f, i) -> new CairnProcess(f, tmp.resolve("cairn-" + i + ".log")));
    String etcd = scenario(etcdFlags, (f, i) -> new EtcdProcess(f, tmp.resolve("etcd-" + i + ".log")));
    System.out.println("normalised transcript (Cairn):\n" + cairn);
    System.out.println("normalised transcript (etcd):\n" + etcd);
    // line lists, so that a failure names the differing lines instead of two truncated blobs
    assertThat(cairn.lines().toList()).as("Cairn's transcript against etcd's")
        .containsExactlyElementsOf(etcd.lines().toList());
  }

  private String scenario(List<MemberFlags> flags, BiFunction<MemberFlags, Integer, MemberProcess> factory)
      throws Exception {
    List<MemberProcess> members = new ArrayList<>();
    for (int i = 0; i < flags.size(); i++) {
      members.add(factory.apply(flags.get(i), i));
    }
    StringBuilder t = new StringBuilder();
    try {
      for (MemberProcess m : members) {
        m.launch();
      }
      for (MemberProcess m : members) {
        m.awaitServing(Duration.ofSeconds(60));
      }
      String all = endpoints(flags, List.of(0, 1, 2));
      String first = flags.get(0).clientUrl();
      step(t, "put Gabon", Etcdctl.run(first, "put", "Gabon", "Bona nit"));
      // the answering member (the first) is named as such, whatever role it plays later
      Etcdctl.Result fields = Etcdctl.run(first, "get", "Gabon", "-w", "fields");
      step(t, "get Gabon -w fields", new Etcdctl.Result(fields.stdout().replace(
          Long.toUnsignedString(memberId(flags.get(0))), "ASKED-MEMBER-ID"), fields.stderr(),
          fields.exit()));
      step(t, "member list (lines sorted)", Etcdctl.run(first, "member", "list"));
      int leader1 = awaitLeader(flags, all);
      // etcdctl prints health results as they arrive: sort them
      Etcdctl.Result health = Etcdctl.run(first, "endpoint", "health", "--cluster");
      step(t, "endpoint health --cluster (lines sorted)", new Etcdctl.Result(
          health.stdout() + String.join("\n", health.stderr().lines().sorted().toList()) + "\n", "",
          health.exit()));
      step(t, "endpoint status --cluster -w table",
          Etcdctl.run(all, "endpoint", "status", "--cluster", "-w", "table"));

      members.get(leader1).kill();
      t.append("## killed the leader\n");
      List<Integer> survivors = others(leader1, -1);
      String surviving = endpoints(flags, survivors);
      step(t, "put after-failover (retried until a new leader takes it)",
          retry(() -> Etcdctl.run(surviving, "put", "after-failover", "yes"), Etcdctl.Result::ok));
      int leader2 = awaitLeader(flags, surviving);

      members.get(leader2).kill();
      t.append("## killed the new leader\n");
      int survivor = others(leader1, leader2).get(0);
      String last = flags.get(survivor).clientUrl();
      step(t, "put without quorum", Etcdctl.run(last, "put", "lost", "write").atDeadline());
      step(t, "linearizable get without quorum", Etcdctl.run(last, "get", "Gabon").atDeadline());
      step(t, "serializable get without quorum",
          Etcdctl.run(last, "get", "Gabon", "--consistency=s"));

      members.get(leader2).launch();
      members.get(leader2).awaitServing(Duration.ofSeconds(60));
      t.append("## revived the second leader\n");
      step(t, "put Egun on (retried until quorum is back)",
          retry(() -> Etcdctl.run(last, "put", "Egun on", "Bon dia"), Etcdctl.Result::ok));
      step(t, "get Egun on", Etcdctl.run(last, "get", "Egun on"));
      step(t, "get lost", Etcdctl.run(last, "get", "lost"));

      members.get(leader1).launch();
      members.get(leader1).awaitServing(Duration.ofSeconds(60));
      t.append("## revived the first leader\n");
      String revived = flags.get(leader1).clientUrl();
      step(t, "get Egun on from the revived member",
          retry(() -> Etcdctl.run(revived, "get", "Egun on"), r -> r.stdout().contains("Bon dia")));
      step(t, "get after-failover from the revived member",
          Etcdctl.run(revived, "get", "after-failover", "--consistency=s"));
      return roles(t.toString(), flags, Map.of(leader1, "LEADER1", leader2, "LEADER2",
          survivor, "SURVIVOR"));
    } finally {
      for (MemberProcess m : members) {
        m.close();
      }
    }
  }

  /** Sorts the output lines of steps marked "(lines sorted)": members listed by ID, named by role. */
  private static String sortMarkedSteps(String transcript) {
    StringBuilder out = new StringBuilder();
    List<String> block = null;
    for (String line : transcript.split("\n", -1)) {
      if (block != null && !line.startsWith("[")) {
        block.add(line);
        continue;
      }
      if (block != null) {
        block.sort(null);
        block.forEach(l -> out.append(l).append('\n'));
        block = null;
      }
      out.append(line).append('\n');
      if (line.startsWith("$ ") && line.endsWith("(lines sorted)")) {
        block = new ArrayList<>();
      }
    }
    return out.toString();
  }

  private static void step(StringBuilder t, String what, Etcdctl.Result r) {
    t.append("$ ").append(what).append('\n').append(r.transcript());
  }

  private static Etcdctl.Result retry(java.util.function.Supplier<Etcdctl.Result> call,
      Predicate<Etcdctl.Result> done) throws InterruptedException {
    Etcdctl.Result r = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      r = call.get();
      if (done.test(r)) {
        return r;
      }
      Thread.sleep(500);
    }
    return r;
  }

  /** Index of the member the given endpoints agree is leader, waiting for an election. */
  private static int awaitLeader(List<MemberFlags> flags, String endpoints) throws InterruptedException {
    Etcdctl.Result r = retry(() -> Etcdctl.run(endpoints, "endpoint", "status", "-w", "json"),
        res -> LEADER_ID.matcher(res.stdout()).find()
            && !LEADER_ID.matcher(res.stdout()).results().anyMatch(m -> m.group(1).equals("0")));
    Matcher m = LEADER_ID.matcher(r.stdout());
    assertThat(m.find()).as("a leader in %s", r.stdout()).isTrue();
    long leader = Long.parseUnsignedLong(m.group(1));
    for (int i = 0; i < flags.size(); i++) {
      if (memberId(flags.get(i)) == leader) {
        return i;
      }
    }
    throw new AssertionError("leader " + leader + " is not a member");
  }

  private static long memberId(MemberFlags f) {
    return MemberIds.memberId(List.of(f.peerUrl()), "etcd-cluster", null);
  }

  private static List<Integer> others(int a, int b) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i != a && i != b) {
        out.add(i);
      }
    }
    return out;
  }

  private static String endpoints(List<MemberFlags> flags, List<Integer> which) {
    return String.join(",", which.stream().map(i -> flags.get(i).clientUrl()).toList());
  }

  /** Names members by role and normalises what is random, so the two runs can be compared. */
  private static String roles(String transcript, List<MemberFlags> flags, Map<Integer, String> roles) {
    Map<String, String> replace = new LinkedHashMap<>();
    for (Map.Entry<Integer, String> e : roles.entrySet()) {
      MemberFlags f = flags.get(e.getKey());
      long id = memberId(f);
      replace.put(f.clientUrl(), e.getValue() + "-CLIENT");
      replace.put(f.peerUrl(), e.getValue() + "-PEER");
      replace.put(f.host() + ":" + f.clientPort(), e.getValue() + "-CLIENT");
      replace.put(String.format("%x", id), e.getValue() + "-ID");
      replace.put(Long.toUnsignedString(id), e.getValue() + "-ID");
      replace.put(", " + f.name() + ", ", ", " + e.getValue() + "-NAME, ");
    }
    String s = transcript;
    for (Map.Entry<String, String> e : replace.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    long cluster = MemberIds.clusterId(flags.stream().map(OperatorScenarioTest::memberId).toList());
    return TranscriptNormalizer.normalize(sortMarkedSteps(s),
        java.util.Set.of(String.format("%016x", cluster)), true);
  }
}
