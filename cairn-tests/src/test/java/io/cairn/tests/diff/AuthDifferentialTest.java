package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's v3 auth through the real etcdctl, against etcd 3.4.23 and against Cairn: enabling it
 * (root user and role required), users and roles, permissions on a key, a range and a prefix,
 * permission denied for get, put, del, txn and watch, admin operations refused to non-root users,
 * wrong passwords, revoking roles and permissions, changing a password, disabling auth. The
 * transcripts must be equal after normalisation (etcdctl's client log lines carry times and IDs).
 */
class AuthDifferentialTest {
  /** One etcdctl call: its arguments, and what it reads from stdin. */
  private record Step(String stdin, String... args) {
    static Step of(String... args) {
      return new Step("", args);
    }
  }

  private static final String ALICE = "--user=alice:alicepw";
  private static final String BOB = "--user=bob:bobpw";
  private static final String ROOT = "--user=root:rootpw";

  private static final List<Step> SESSION = List.of(
      Step.of("auth", "enable"),
      Step.of("role", "add", "reader"),
      Step.of("role", "add", "writer"),
      Step.of("role", "add", "reader"),
      Step.of("role", "grant-permission", "reader", "read", "foo"),
      Step.of("role", "grant-permission", "writer", "readwrite", "--prefix=true", "app/"),
      Step.of("role", "grant-permission", "writer", "write", "k1", "k5"),
      Step.of("role", "grant-permission", "writer", "read", "--from-key", "z"),
      Step.of("role", "grant-permission", "nosuch", "read", "foo"),
      Step.of("role", "get", "writer"),
      Step.of("user", "add", "alice:alicepw"),
      Step.of("user", "add", "bob:bobpw"),
      Step.of("user", "add", "bob:again"),
      Step.of("user", "grant-role", "alice", "reader"),
      Step.of("user", "grant-role", "bob", "writer"),
      Step.of("user", "grant-role", "bob", "nosuch"),
      Step.of("user", "grant-role", "nobody", "reader"),
      Step.of("user", "get", "bob"),
      Step.of("user", "list"),
      Step.of("role", "list"),
      Step.of("user", "add", "root:rootpw"),
      Step.of("auth", "enable"),
      Step.of("auth", "enable"),
      Step.of("put", "foo", "bar"),
      Step.of("get", "foo"),
      Step.of(ROOT, "put", "foo", "bar"),
      Step.of(ROOT, "put", "zz", "1"),
      Step.of(ALICE, "get", "foo"),
      Step.of(ALICE, "get", "foo", "fop"),
      Step.of(ALICE, "put", "foo", "baz"),
      Step.of("--user=alice:wrong", "get", "foo"),
      Step.of("--user=nobody:x", "get", "foo"),
      Step.of(BOB, "put", "app/x", "1"),
      Step.of(BOB, "get", "app/x"),
      Step.of(BOB, "get", "--prefix", "app/"),
      Step.of(BOB, "get", "--from-key", "z"),
      Step.of(BOB, "get", "--from-key", "a"),
      Step.of(BOB, "put", "k3", "v"),
      Step.of(BOB, "get", "k3"),
      Step.of(BOB, "del", "k1", "k5"),
      Step.of(BOB, "del", "k1", "k9"),
      Step.of(BOB, "del", "--prev-kv", "app/x"),
      new Step("value(\"app/x\") = \"1\"\n\nput app/y 2\n\nput app/w 3\n\n", BOB, "txn"),
      new Step("value(\"app/x\") = \"1\"\n\nput app/y 2\n\nput foo zz\n\n", BOB, "txn"),
      new Step("value(\"foo\") = \"1\"\n\nput app/y 2\n\n\n", BOB, "txn"),
      Step.of(BOB, "watch", "foo", "--rev=1"),
      Step.of(ALICE, "user", "list"),
      Step.of(ALICE, "user", "get", "alice"),
      Step.of(ALICE, "user", "get", "bob"),
      Step.of(ALICE, "role", "get", "reader"),
      Step.of(ALICE, "role", "get", "writer"),
      Step.of(ALICE, "role", "add", "mine"),
      Step.of(ALICE, "auth", "disable"),
      Step.of(ALICE, "defrag"),
      Step.of(ROOT, "defrag"),
      Step.of(ALICE, "compact", "1"),
      Step.of(ROOT, "user", "revoke-role", "bob", "writer"),
      Step.of(ROOT, "user", "revoke-role", "bob", "writer"),
      Step.of(BOB, "put", "app/z", "3"),
      Step.of(ROOT, "role", "revoke-permission", "reader", "foo"),
      Step.of(ROOT, "role", "revoke-permission", "reader", "foo"),
      Step.of(ALICE, "get", "foo"),
      Step.of(ROOT, "user", "delete", "root"),
      Step.of(ROOT, "role", "delete", "root"),
      Step.of(ROOT, "user", "revoke-role", "root", "root"),
      new Step("newpw\n", ROOT, "user", "passwd", "alice", "--interactive=false"),
      Step.of(ALICE, "get", "foo"),
      Step.of("--user=alice:newpw", "user", "get", "alice"),
      Step.of(ROOT, "role", "delete", "reader"),
      Step.of(ROOT, "user", "get", "alice"),
      Step.of(ROOT, "user", "delete", "alice"),
      Step.of(ROOT, "user", "delete", "alice"),
      Step.of(ROOT, "auth", "disable"),
      Step.of("get", "foo"),
      Step.of("user", "delete", "root"),
      Step.of("user", "list"),
      Step.of("role", "list"));

  @Test
  void etcdctlSessionsAreEqual(@TempDir Path tmp) throws Exception {
    String etcd = transcript(tmp, "etcd");
    String cairn = transcript(tmp, "cairn");
    System.out.println(cairn);
    assertThat(cairn).isEqualTo(etcd);
    // the session got past enabling auth, and both allowed and refused what they should
    assertThat(etcd).contains("Authentication Enabled", "Error: etcdserver: permission denied",
        "$ --user=bob:bobpw get --prefix app/\napp/x\n1\n", "Authentication Disabled");
  }

  private static String transcript(Path tmp, String which) throws Exception {
    MemberFlags f = new MemberFlags(which, tmp.resolve(which), Ports.free(), Ports.free());
    StringBuilder t = new StringBuilder();
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"))) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      for (Step s : SESSION) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Tools.etcdctl().toString());
        cmd.add("--endpoints=" + f.clientUrl());
        cmd.addAll(List.of(s.args()));
        // a watch runs until stopped; its answer (refused, or events) comes at once
        boolean watch = List.of(s.args()).contains("watch");
        Etcdctl.Result r = Etcdctl.exec(watch ? withTimeout(cmd) : cmd, s.stdin());
        t.append("$ ").append(String.join(" ", s.args())).append('\n')
            .append(withoutClientLog(r.transcript()));
      }
      return TranscriptNormalizer.normalize(t.toString().replace(f.clientUrl(), "URL"), Set.of());
    }
  }

  private static List<String> withTimeout(List<String> cmd) {
    List<String> line = new ArrayList<>(List.of("timeout", "3"));
    line.addAll(cmd);
    return line;
  }

  /** etcdctl's client logs a JSON line, with a time and a client ID, for each failed attempt. */
  private static String withoutClientLog(String transcript) {
    StringBuilder b = new StringBuilder();
    for (String line : transcript.split("\n", -1)) {
      if (!line.startsWith("{\"level\":")) {
        b.append(line).append('\n');
      }
    }
    return b.substring(0, b.length() - 1);
  }
}
