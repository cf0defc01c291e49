package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.AuthGrpc;
import io.cairn.api.AuthRoleGrantPermissionRequest;
import io.cairn.api.AuthenticateRequest;
import io.cairn.api.KVGrpc;
import io.cairn.api.Permission;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWT tokens ({@code --auth-token jwt,pub-key=,priv-key=,sign-method=RS256,ttl=}) on etcd 3.4.23 and
 * on Cairn, with the same openssl-made key: a token carries the auth revision it was made at, so
 * one made before a permission change is refused after it; a tampered token is refused; a new
 * login works again. The answers (gRPC code and message) must be equal.
 */
class JwtAuthDifferentialTest {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void aTokenFromBeforeAnAuthChangeIsRefusedAfterIt(@TempDir Path tmp) throws Exception {
    Path priv = tmp.resolve("priv.pem");
    Path pub = tmp.resolve("pub.pem");
    run(List.of("openssl", "genrsa", "-out", priv.toString(), "2048"));
    run(List.of("openssl", "rsa", "-in", priv.toString(), "-pubout", "-out", pub.toString()));
    String spec = "jwt,pub-key=" + pub + ",priv-key=" + priv + ",sign-method=RS256,ttl=10m";
    String etcd = story(tmp, "etcd", spec);
    String cairn = story(tmp, "cairn", spec);
    assertThat(cairn).isEqualTo(etcd);
    assertThat(etcd).contains("old token after the grant: INVALID_ARGUMENT etcdserver: revision of "
        + "auth store is old");
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  private static String story(Path tmp, String which, String spec) throws Exception {
    MemberFlags f = new MemberFlags(which, tmp.resolve(which), Ports.free(), Ports.free())
        .with("--auth-token", spec);
    StringBuilder t = new StringBuilder();
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"));
        EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      String ep = f.clientUrl();
      for (List<String> step : List.of(List.of("user", "add", "root:rootpw"),
          List.of("role", "add", "r"), List.of("role", "grant-permission", "r", "read", "a"),
          List.of("user", "add", "alice:alicepw"), List.of("user", "grant-role", "alice", "r"),
          List.of("auth", "enable"))) {
        Etcdctl.Result r = Etcdctl.run(ep, step.toArray(String[]::new));
        assertThat(r.exit()).as(which + " " + step + ": " + r.transcript()).isZero();
      }
      AuthGrpc.AuthBlockingStub auth = AuthGrpc.newBlockingStub(c.channel());
      String alice = auth.authenticate(AuthenticateRequest.newBuilder().setName("alice")
          .setPassword("alicepw").build()).getToken();
      String root = auth.authenticate(AuthenticateRequest.newBuilder().setName("root")
          .setPassword("rootpw").build()).getToken();
      t.append("alice's token: ").append(alice.split("\\.").length).append(" parts\n");
      t.append("get a: ").append(get(c, alice, "a")).append('\n');
      t.append("get b: ").append(get(c, alice, "b")).append('\n');
      int dot = alice.lastIndexOf('.');
      String tampered = alice.substring(0, dot + 1) + (alice.charAt(dot + 1) == 'A' ? 'B' : 'A')
          + alice.substring(dot + 2);
      t.append("tampered token: ").append(get(c, tampered, "a")).append('\n');
      withToken(AuthGrpc.newBlockingStub(c.channel()), root).roleGrantPermission(
          AuthRoleGrantPermissionRequest.newBuilder().setName("r").setPerm(Permission.newBuilder()
              .setKey(ByteString.copyFromUtf8("b")).setPermType(Permission.Type.READ)).build());
      t.append("old token after the grant: ").append(get(c, alice, "a")).append('\n');
      String again = auth.authenticate(AuthenticateRequest.newBuilder().setName("alice")
          .setPassword("alicepw").build()).getToken();
      t.append("new token, get b: ").append(get(c, again, "b")).append('\n');
      return t.toString();
    }
  }

  private static <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub, String token) {
    Metadata m = new Metadata();
    m.put(TOKEN, token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  private static String get(EtcdClients c, String token, String key) {
    try {
      return "count " + withToken(KVGrpc.newBlockingStub(c.channel()), token)
          .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build()).getCount();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() + " " + e.getStatus().getDescription();
    }
  }
}
