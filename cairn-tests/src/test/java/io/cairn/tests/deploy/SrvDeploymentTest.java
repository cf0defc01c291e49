package io.cairn.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.BridgedHosts;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's deployment: three members on hosts of their own, each configured only by an
 * {@code /etc/default/etcd}-style file (DNS SRV discovery under {@code lab.example.com} with the
 * service name {@code c1}, wildcard listen URLs) plus {@code --initial-cluster-token} and
 * {@code --initial-cluster-state}, served by Debian's dnsmasq; the real etcdctl finds the cluster
 * by SRV too. The same deployment runs on etcd 3.4.23, and the transcripts must be equal after
 * normalising what differs by chance (which member leads, terms, indexes, sizes, timestamps).
 */
class SrvDeploymentTest {
  private static final String DOMAIN = "lab.example.com";
  private static final String TOKEN = "eh-etcd-c1";
  private static final Pattern LEADER_OF = Pattern.compile(
      "\"Endpoint\":\"http://k8s-etcd-(\\d)\\.c1\\.lab\\.example\\.com:2379\",\"Status\":\\{\"header\":"
          + "\\{\"cluster_id\":\\d+,\"member_id\":(\\d+),[^}]*\\}.*?\"leader\":(\\d+)");

  @TempDir
  Path dir;

  enum System { ETCD, CAIRN }

  /** Only `_etcd-server-c1` (http) records: Cairn forms the cluster; etcd 3.4.23 cannot (etcd#11321). */
  @Test
  void withoutTlsRecordsCairnFormsTheClusterWhereEtcd34Fails() throws Exception {
    try (BridgedHosts net = BridgedHosts.create(3);
        DnsmasqServer dns = DnsmasqServer.start(net, DOMAIN, records("etcd-server-c1"), dir.resolve("dns.log"))) {
      Deployment etcd = new Deployment(System.ETCD, net, false, dir.resolve("etcd-plain"));
      etcd.startAll("new");
      for (EnvFileMember m : etcd.members) {
        assertThat(m.awaitExit(60)).isNotZero();
        assertThat(m.log()).contains("error setting up initial cluster: error querying DNS SRV records "
            + "for _etcd-server-ssl-c1");
      }

      Deployment cairn = new Deployment(System.CAIRN, net, false, dir.resolve("cairn-plain"));
      try {
        cairn.startAll("new");
        cairn.awaitHealthy();
        assertThat(cairn.etcdctl("put", "greeting", "hello").stdout()).isEqualTo("OK\n");
        assertThat(cairn.etcdctl("get", "greeting").stdout()).isEqualTo("greeting\nhello\n");
        assertThat(cairn.etcdctl("member", "list").stdout()).contains("k8s-etcd-1, http://k8s-etcd-1.c1."
            + DOMAIN + ":2380, http://k8s-etcd-1.c1." + DOMAIN + ":2379");
        assertThat(cairn.members.get(0).log()).contains("_etcd-server-ssl-c1._tcp." + DOMAIN);
      } finally {
        cairn.killAll();
      }
    }
  }

  /**
   * TLS peer records, `ETCD_PEER_AUTO_TLS=true`: bootstrap, put, `get -w fields`, `endpoint status
   * --cluster -w table`, the failover sequence, and a restart of all members with existing state,
   * on etcd 3.4.23 and on Cairn, with equal transcripts.
   */
  @Test
  void theOperatorsDeploymentRunsOnCairnAsOnEtcd() throws Exception {
    try (BridgedHosts net = BridgedHosts.create(3);
        DnsmasqServer dns = DnsmasqServer.start(net, DOMAIN, records("etcd-server-ssl-c1"), dir.resolve("dns.log"))) {
      String etcd = transcript(new Deployment(System.ETCD, net, true, dir.resolve("etcd")));
      String cairn = transcript(new Deployment(System.CAIRN, net, true, dir.resolve("cairn")));

      assertThat(cairn).isEqualTo(etcd);
    }
  }

  private static String transcript(Deployment d) throws Exception {
    StringBuilder t = new StringBuilder();
    try {
      d.startAll("new");
      d.awaitHealthy();
      t.append("$ put greeting hello\n").append(d.etcdctl("put", "greeting", "hello").transcript());
      t.append("$ get greeting -w fields\n").append(d.etcdctl("get", "greeting", "-w", "fields").transcript());
      t.append("$ endpoint status --cluster -w table\n")
          .append(d.etcdctl("endpoint", "status", "--cluster", "-w", "table").transcript());
      t.append("$ member list\n").append(d.etcdctl("member", "list").transcript());

      int leader = d.leaderHost();
      d.members.get(leader - 1).kill();
      t.append("# leader killed\n$ put k1 v1 (until it succeeds)\n").append(untilOk(d, "put", "k1", "v1"));
      // the follower goes: the new leader appends k2 but cannot commit it until a member returns,
      // then commits it (both systems); killing the new leader instead would make k2's fate a race
      int newLeader = d.leaderHost();
      int second = 6 - leader - newLeader;
      d.members.get(second - 1).kill();
      t.append("# the remaining follower killed: no quorum\n");
      t.append("$ put k2 v2\n").append(d.etcdctl("put", "k2", "v2").atDeadline().transcript());
      t.append("$ get k1\n").append(d.etcdctl("get", "k1").atDeadline().transcript());
      d.start(d.members.get(second - 1), "new");
      t.append("# one revived\n$ put k3 v3 (until it succeeds)\n").append(untilOk(d, "put", "k3", "v3"));
      d.start(d.members.get(leader - 1), "new");
      t.append("# the last revived: serializable get from it (until it has caught up)\n")
          .append(untilOutput(d, leader, "k3\nv3\n", "get", "k3", "--consistency=s"));

      for (EnvFileMember m : d.members) {
        m.kill();
      }
      d.startAll("existing");
      d.awaitHealthy();
      t.append("# all restarted with --initial-cluster-state existing\n$ get --prefix k\n")
          .append(d.etcdctl("get", "--prefix", "k").transcript());
      t.append("$ get greeting\n").append(d.etcdctl("get", "greeting").transcript());
    } finally {
      d.killAll();
    }
    return normalize(t.toString());
  }

  /** Retries (bounded) until etcdctl succeeds; the transcript holds the successful run only. */
  private static String untilOk(Deployment d, String... args) throws Exception {
    Etcdctl.Result last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      last = d.etcdctl(args);
      if (last.exit() == 0) {
        return last.transcript();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(d.system + ": etcdctl " + String.join(" ", args) + " kept failing: " + last);
  }

  private static String untilOutput(Deployment d, int host, String expected, String... args) throws Exception {
    Etcdctl.Result last = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      last = d.etcdctlAt(host, args);
      if (last.exit() == 0 && last.stdout().equals(expected)) {
        return last.transcript();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(d.system + ": member " + host + " did not catch up: " + last);
  }

  /** What differs by chance: member answering, leader, terms, indexes, sizes, versions, timings. */
  static String normalize(String t) {
    String[][] rules = {
        {"\"MemberID\" : \\d+", "\"MemberID\" : M"},
        {"\"RaftTerm\" : \\d+", "\"RaftTerm\" : N"},
        {"\\{\"level\":\"warn\".*\\}\n", "{warn}\n"},
        // without quorum a read ends at etcdctl's 5 s deadline: whether the server's answer to
        // that deadline or the client's own expiry reaches etcdctl first is timing
        {"Error: rpc error: code = Unknown desc = context deadline exceeded\n",
            "Error: context deadline exceeded\n"},
    };
    for (String[] r : rules) {
      t = t.replaceAll(r[0], r[1]);
    }
    StringBuilder out = new StringBuilder();
    List<String> header = List.of();
    int leaders = 0;
    for (String line : t.split("\n", -1)) {
      if (line.startsWith("+-")) {
        continue;
      }
      if (!line.startsWith("|")) {
        if (leaders > 0) {
          out.append("(leaders: ").append(leaders).append(")\n");
          leaders = 0;
        }
        out.append(line).append('\n');
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String c : line.substring(1, line.length() - 1).split("\\|", -1)) {
        cells.add(c.strip());
      }
      if (cells.contains("ENDPOINT")) {
        header = cells;
      } else {
        for (int i = 0; i < cells.size() && i < header.size(); i++) {
          switch (header.get(i)) {
            case "VERSION", "DB SIZE", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX" -> cells.set(i, "*");
            case "IS LEADER" -> {
              leaders += cells.get(i).equals("true") ? 1 : 0;
              cells.set(i, "*");
            }
            default -> { }
          }
        }
      }
      out.append(String.join(" | ", cells)).append('\n');
    }
    return out.toString();
  }

  static List<String> records(String serverService) {
    List<String> r = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String host = "k8s-etcd-" + i + ".c1." + DOMAIN;
      r.add("--srv-host=_" + serverService + "._tcp." + DOMAIN + "," + host + ",2380,0,100");
      r.add("--srv-host=_etcd-client-c1._tcp." + DOMAIN + "," + host + ",2379,0,100");
      r.add("--host-record=" + host + "," + BridgedHosts.ipv4(i) + "," + BridgedHosts.ipv6(i));
    }
    return r;
  }

  /** Three members of one system, each from its own defaults file, on the hosts of {@code net}. */
  static final class Deployment {
    final System system;
    final BridgedHosts net;
    final boolean tls;
    final List<EnvFileMember> members = new ArrayList<>();

    Deployment(System system, BridgedHosts net, boolean tls, Path root) throws IOException {
      this.system = system;
      this.net = net;
      this.tls = tls;
      String peerScheme = tls ? "https" : "http";
      for (int i = 1; i <= 3; i++) {
        Path home = Files.createDirectories(root.resolve("k8s-etcd-" + i));
        String host = "k8s-etcd-" + i + ".c1." + DOMAIN;
        Path defaults = home.resolve("default-etcd");
        Files.writeString(defaults, String.join("\n",
            "# /etc/default/etcd",
            "ETCD_NAME=k8s-etcd-" + i,
            "ETCD_DISCOVERY_SRV=" + DOMAIN,
            "ETCD_DISCOVERY_SRV_NAME=c1",
            "ETCD_INITIAL_ADVERTISE_PEER_URLS=" + peerScheme + "://" + host + ":2380",
            "ETCD_LISTEN_PEER_URLS=" + peerScheme + "://[::]:2380",
            "ETCD_LISTEN_CLIENT_URLS=http://[::]:2379",
            "ETCD_ADVERTISE_CLIENT_URLS=http://" + host + ":2379",
            tls ? "ETCD_PEER_AUTO_TLS=true" : "",
            ""));
        members.add(new EnvFileMember(program(i), defaults, home, home.resolve("member.log")));
      }
    }

    private List<String> program(int host) {
      List<String> cmd = new ArrayList<>(BridgedHosts.in(net.host(host)));
      if (system == System.ETCD) {
        cmd.add(Tools.etcd().toString());
      } else {
        cmd.add(Path.of(java.lang.System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(CairnProcess.startupArchive());
        cmd.addAll(List.of("-Xmx256m", "-jar", CairnProcess.jar().toString()));
      }
      return cmd;
    }

    void startAll(String state) throws IOException {
      for (EnvFileMember m : members) {
        start(m, state);
      }
    }

    void start(EnvFileMember m, String state) throws IOException {
      m.start("--initial-cluster-token", TOKEN, "--initial-cluster-state", state);
    }

    void killAll() throws InterruptedException {
      for (EnvFileMember m : members) {
        m.kill();
      }
    }

    /** Bounded wait until etcdctl, finding the cluster by SRV, gets every endpoint healthy. */
    void awaitHealthy() throws Exception {
      long deadline = java.lang.System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      Etcdctl.Result last = null;
      while (java.lang.System.nanoTime() < deadline) {
        last = etcdctl("endpoint", "health", "--cluster");
        if (last.exit() == 0) {
          return;
        }
        Thread.sleep(500);
      }
      throw new AssertionError(system + " did not become healthy: " + last + "\n" + members.get(0).log());
    }

    /** etcdctl in the hub namespace, endpoints from `_etcd-client[-ssl]-c1._tcp.lab.example.com`. */
    Etcdctl.Result etcdctl(String... args) throws Exception {
      List<String> cmd = new ArrayList<>(BridgedHosts.in(net.hub()));
      cmd.addAll(List.of(Tools.etcdctl().toString(), "--discovery-srv", DOMAIN, "--discovery-srv-name", "c1"));
      cmd.addAll(List.of(args));
      return Etcdctl.exec(cmd);
    }

    /** etcdctl against one member's client URL. */
    Etcdctl.Result etcdctlAt(int host, String... args) throws Exception {
      List<String> cmd = new ArrayList<>(BridgedHosts.in(net.hub()));
      cmd.addAll(List.of(Tools.etcdctl().toString(),
          "--endpoints=http://k8s-etcd-" + host + ".c1." + DOMAIN + ":2379"));
      cmd.addAll(List.of(args));
      return Etcdctl.exec(cmd);
    }

    /** The host (1-3) of the current leader, as `endpoint status --cluster` reports it. */
    int leaderHost() throws Exception {
      String json = etcdctl("endpoint", "status", "--cluster", "-w", "json").stdout();
      Matcher m = LEADER_OF.matcher(json);
      while (m.find()) {
        if (m.group(2).equals(m.group(3))) {
          return Integer.parseInt(m.group(1));
        }
      }
      throw new AssertionError("no leader in " + json);
    }
  }


}
