package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Curl;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client URL's HTTP side on etcd 3.4.23 and on Cairn, asked the same things with the real
 * curl: /health, /version, unknown paths and methods, CORS preflight, and the /v3 JSON gateway
 * (kv, txn, compaction, watch streams, leases, members, maintenance, lock, election, auth), with
 * {@code /v3beta/}. Whole answers are compared, status line, headers in order and body, after
 * normalising what differs by nature: IDs, term, dates, lengths, versions, sizes, hashes, tokens.
 */
class GatewayDifferentialTest {
  /**
   * One request: method, path, JSON body; flags: "auth" sends the token, "stream" reads 2 s; then
   * extra request headers.
   */
  private record Step(String method, String path, String body, String flags, String... headers) {}

  private static final List<Step> STEPS = List.of(
      new Step("GET", "/health", null, ""),
      new Step("POST", "/health", null, ""),
      new Step("GET", "/version", null, ""),
      new Step("GET", "/nope", null, ""),
      new Step("OPTIONS", "/v3/kv/range", null, ""),
      new Step("GET", "/v3/kv/range", null, ""),
      new Step("POST", "/v3/kv/nope", "{}", ""),
      new Step("POST", "/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}", ""),
      new Step("POST", "/v3beta/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmF6\",\"prev_kv\":true}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\"}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\",\"revision\":100}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\",\"bogus\":1}", ""),
      new Step("POST", "/v3/kv/range", "", ""),
      new Step("POST", "/v3/kv/put", "{\"key\":\"YQ==\",\"value\":\"MQ==\"}", ""),
      new Step("POST", "/v3/kv/put", "{\"key\":\"Yg==\",\"value\":\"Mg==\"}", ""),
      new Step("POST", "/v3/kv/range",
          "{\"key\":\"YQ==\",\"range_end\":\"ew==\",\"sort_order\":\"DESCEND\",\"keys_only\":true}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"YQ==\",\"rangeEnd\":\"ew==\",\"countOnly\":true}", ""),
      new Step("POST", "/v3/kv/txn", "{\"compare\":[{\"key\":\"Zm9v\",\"result\":\"EQUAL\",\"target\":"
          + "\"VALUE\",\"value\":\"YmF6\"}],\"success\":[{\"request_put\":{\"key\":\"Zm9v\",\"value\":"
          + "\"cXV4\"}}],\"failure\":[{\"request_range\":{\"key\":\"Zm9v\"}}]}", ""),
      new Step("POST", "/v3/kv/txn", "{\"compare\":[{\"key\":\"Zm9v\",\"result\":\"EQUAL\",\"target\":"
          + "\"VALUE\",\"value\":\"YmF6\"}],\"failure\":[{\"request_range\":{\"key\":\"Zm9v\"}}]}", ""),
      new Step("POST", "/v3/kv/deleterange", "{\"key\":\"YQ==\",\"prev_kv\":true}", ""),
      new Step("POST", "/v3/kv/compaction", "{\"revision\":3}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\",\"revision\":2}", ""),
      new Step("POST", "/v3/watch", "{\"create_request\":{\"key\":\"Zm9v\",\"start_revision\":3}}", "stream"),
      new Step("POST", "/v3/watch", "{\"create_request\":{\"key\":\"Zm9v\",\"start_revision\":1}}", "stream"),
      new Step("POST", "/v3/lease/grant", "{\"TTL\":60,\"ID\":1000}", ""),
      new Step("POST", "/v3/lease/grant", "{\"TTL\":60,\"ID\":1000}", ""),
      new Step("POST", "/v3/kv/put", "{\"key\":\"bGVhc2Vk\",\"value\":\"dg==\",\"lease\":1000}", ""),
      new Step("POST", "/v3/lease/timetolive", "{\"ID\":1000,\"keys\":true}", ""),
      new Step("POST", "/v3/kv/lease/leases", "{}", ""),
      new Step("POST", "/v3/lease/keepalive", "{\"ID\":1000}", "stream"),
      new Step("POST", "/v3/kv/lease/revoke", "{\"ID\":1000}", ""),
      new Step("POST", "/v3/lease/revoke", "{\"ID\":1000}", ""),
      new Step("POST", "/v3/cluster/member/list", "{}", ""),
      new Step("POST", "/v3/maintenance/status", "{}", ""),
      new Step("POST", "/v3/maintenance/alarm", "{}", ""),
      new Step("POST", "/v3/maintenance/hash", "{}", ""),
      new Step("POST", "/v3/lease/grant", "{\"TTL\":60,\"ID\":2000}", ""),
      new Step("POST", "/v3/lock/lock", "{\"name\":\"bA==\",\"lease\":2000}", ""),
      new Step("POST", "/v3/election/campaign", "{\"name\":\"ZQ==\",\"lease\":2000,\"value\":\"djE=\"}", ""),
      new Step("POST", "/v3/election/leader", "{\"name\":\"ZQ==\"}", ""),
      new Step("POST", "/v3/lease/revoke", "{\"ID\":2000}", ""),
      new Step("POST", "/v3/election/leader", "{\"name\":\"ZQ==\"}", ""),
      new Step("POST", "/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"pw\"}", ""),
      new Step("POST", "/v3/auth/role/add", "{\"name\":\"root\"}", ""),
      new Step("POST", "/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}", ""),
      new Step("POST", "/v3/auth/enable", "{}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\"}", ""),
      new Step("POST", "/v3/auth/authenticate", "{\"name\":\"root\",\"password\":\"bad\"}", ""),
      new Step("POST", "/v3/auth/authenticate", "{\"name\":\"root\",\"password\":\"pw\"}", ""),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\"}", "auth"),
      new Step("POST", "/v3/auth/user/list", "{}", "auth"),
      new Step("POST", "/v3/auth/disable", "{}", "auth"),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\"}", ""));

  private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\":\"(\\d+)\"");
  private static final Pattern CLUSTER_ID = Pattern.compile("\"cluster_id\":\"(\\d+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

  /** etcd's access controller: CORS origins, the host whitelist, preflights. */
  private static final List<Step> ACCESS = List.of(
      new Step("GET", "/health", null, "", "Origin: http://a.example:80"),
      new Step("GET", "/health", null, "", "Origin: http://b.example"),
      new Step("OPTIONS", "/v3/kv/range", null, "", "Origin: http://a.example:80"),
      new Step("GET", "/health", null, "", "Host: evil.example:2379"),
      new Step("GET", "/version", null, "", "Host: localhost:2379"),
      new Step("POST", "/v3/kv/range", "{\"key\":\"Zm9v\"}", "", "Host: evil.example"));

  @Test
  void theClientUrlAnswersHttpAsEtcdDoes(@TempDir Path tmp) throws Exception {
    List<String> etcd = transcript(tmp, "etcd", STEPS);
    List<String> cairn = transcript(tmp, "cairn", STEPS);
    assertThat(String.join("\n", cairn)).isEqualTo(String.join("\n", etcd));
  }

  @Test
  void corsAndHostWhitelistAsEtcd(@TempDir Path tmp) throws Exception {
    List<String> etcd = transcript(tmp, "etcd", ACCESS, "--cors", "http://a.example:80",
        "--host-whitelist", "localhost,127.0.0.1");
    List<String> cairn = transcript(tmp, "cairn", ACCESS, "--cors", "http://a.example:80",
        "--host-whitelist", "localhost,127.0.0.1");
    assertThat(String.join("\n", cairn)).isEqualTo(String.join("\n", etcd));
    assertThat(cairn).anyMatch(a -> a.startsWith("HTTP/1.1 421"));
  }

  private static List<String> transcript(Path tmp, String which, List<Step> steps, String... flags)
      throws Exception {
    MemberFlags f = new MemberFlags("m1", tmp.resolve(which), Ports.free(), Ports.free())
        .with(flags);
    String base = "http://127.0.0.1:" + f.clientPort();
    List<String> out = new ArrayList<>();
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"))) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      String token = null;
      String member = null;
      String cluster = null;
      for (Step s : steps) {
        List<String> args = new ArrayList<>(List.of("-i", "-X", s.method()));
        if (s.body() != null) {
          args.addAll(List.of("-d", s.body()));
        }
        if (s.flags().contains("auth")) {
          args.addAll(List.of("-H", "Authorization: " + token));
        }
        for (String h : s.headers()) {
          args.addAll(List.of("-H", h));
        }
        if (s.flags().contains("stream")) {
          args.addAll(List.of("-N", "--max-time", "2"));
        }
        args.add(base + s.path());
        String answer = Curl.run(args.toArray(String[]::new));
        member = member != null ? member : first(MEMBER_ID, answer);
        cluster = cluster != null ? cluster : first(CLUSTER_ID, answer);
        token = s.path().endsWith("/authenticate") && first(TOKEN, answer) != null
            ? first(TOKEN, answer) : token;
        out.add("== " + s.method() + " " + s.path() + " " + s.body() + " " + s.flags() + " "
            + List.of(s.headers()));
        out.add(normalised(answer, member, cluster));
      }
    }
    return out;
  }

  private static String first(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  private static String normalised(String answer, String member, String cluster) {
    String s = answer.replace("\r\n", "\n");
    if (member != null) {
      s = s.replace(member, "MEMBER");
    }
    if (cluster != null) {
      s = s.replace(cluster, "CLUSTER");
    }
    return s.replaceAll("(?m)^Date: .*$", "Date: -")
        .replaceAll("(?m)^Content-Length: \\d+$", "Content-Length: -")
        .replaceAll("\"(raft_term|raftTerm|raftIndex|raftAppliedIndex|dbSize|dbSizeInUse)\":\"\\d+\"",
            "\"$1\":\"N\"")
        .replaceAll("\"(version|etcdserver|etcdcluster)\":\"3\\.[0-9.]+\"", "\"$1\":\"V\"")
        .replaceAll("\"hash\":\\d+", "\"hash\":H")
        .replaceAll("\"token\":\"[^\"]+\"", "\"token\":\"TOKEN\"")
        .replaceAll("\"TTL\":\"(5\\d|60)\"", "\"TTL\":\"~60\"")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
  }
}
