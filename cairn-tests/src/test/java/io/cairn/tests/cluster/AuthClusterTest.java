package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.AuthGrpc;
import io.cairn.api.AuthRoleAddRequest;
import io.cairn.api.AuthRoleGrantPermissionRequest;
import io.cairn.api.AuthRoleRevokePermissionRequest;
import io.cairn.api.AuthUserAddRequest;
import io.cairn.api.AuthUserGrantRoleRequest;
import io.cairn.api.AuthenticateRequest;
import io.cairn.api.AuthEnableRequest;
import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.Permission;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth on a 3-member cluster: users, roles and tokens made through one member hold on every member
 * (the token is learned through the log), a permission revoked through one member is refused on
 * every other at once, a leased key of a user expires (the leader revokes as root), and a member
 * restarted keeps the users and permissions.
 */
class AuthClusterTest {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static <S extends AbstractStub<S>> S as(S stub, String token) {
    Metadata m = new Metadata();
    m.put(TOKEN, token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  private static String login(EtcdClients c, String user, String password) {
    return AuthGrpc.newBlockingStub(c.channel()).authenticate(AuthenticateRequest.newBuilder()
        .setName(user).setPassword(password).build()).getToken();
  }

  private static void denied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: permission denied");
    });
  }

  @Test
  void usersTokensAndPermissionsHoldOnEveryMember(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      List<EtcdClients> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        clients.add(EtcdClients.of(cluster.flags(i)));
      }
      try {
        AuthGrpc.AuthBlockingStub admin = AuthGrpc.newBlockingStub(clients.get(0).channel());
        admin.userAdd(AuthUserAddRequest.newBuilder().setName("root").setPassword("rootpw").build());
        admin.userGrantRole(AuthUserGrantRoleRequest.newBuilder().setUser("root").setRole("root")
            .build());
        admin.roleAdd(AuthRoleAddRequest.newBuilder().setName("app").build());
        admin.roleGrantPermission(AuthRoleGrantPermissionRequest.newBuilder().setName("app")
            .setPerm(Permission.newBuilder().setKey(bs("app/")).setRangeEnd(bs("app0"))
                .setPermType(Permission.Type.READWRITE)).build());
        admin.userAdd(AuthUserAddRequest.newBuilder().setName("alice").setPassword("alicepw")
            .build());
        admin.userGrantRole(AuthUserGrantRoleRequest.newBuilder().setUser("alice").setRole("app")
            .build());
        admin.authEnable(AuthEnableRequest.getDefaultInstance());

        // alice's token, made through member 1, works on members 1 and 2
        String alice = login(clients.get(1), "alice", "alicepw");
        as(KVGrpc.newBlockingStub(clients.get(1).channel()), alice)
            .put(PutRequest.newBuilder().setKey(bs("app/x")).setValue(bs("1")).build());
        KVGrpc.KVBlockingStub aliceOn2 = as(KVGrpc.newBlockingStub(clients.get(2).channel()), alice);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> aliceOn2.range(
            RangeRequest.newBuilder().setKey(bs("app/x")).build()).getCount() == 1);
        denied(() -> aliceOn2.put(PutRequest.newBuilder().setKey(bs("other")).setValue(bs("1"))
            .build()));

        // a key on alice's lease goes when the lease expires, though only alice may write it
        LeaseGrpc.LeaseBlockingStub aliceLeases =
            as(LeaseGrpc.newBlockingStub(clients.get(2).channel()), alice);
        long lease = aliceLeases.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(2).build()).getID();
        aliceOn2.put(PutRequest.newBuilder().setKey(bs("app/leased")).setValue(bs("1"))
            .setLease(lease).build());
        await().atMost(Duration.ofSeconds(15)).until(() -> aliceOn2.range(RangeRequest.newBuilder()
            .setKey(bs("app/leased")).build()).getCount() == 0);

        // jetcd logs in itself; its Lock client works where alice may write, and only there
        try (io.etcd.jetcd.Client jetcd = io.etcd.jetcd.Client.builder()
            .endpoints(cluster.flags(2).clientUrl())
            .user(io.etcd.jetcd.ByteSequence.from(bs("alice").toByteArray()))
            .password(io.etcd.jetcd.ByteSequence.from(bs("alicepw").toByteArray())).build()) {
          long held = jetcd.getLeaseClient().grant(30).get(10, TimeUnit.SECONDS).getID();
          assertThat(jetcd.getLockClient().lock(io.etcd.jetcd.ByteSequence.from(
              bs("app/lock").toByteArray()), held).get(10, TimeUnit.SECONDS).getKey().toString())
              .startsWith("app/lock/");
          assertThatThrownBy(() -> jetcd.getLockClient().lock(io.etcd.jetcd.ByteSequence.from(
              bs("other").toByteArray()), held).get(10, TimeUnit.SECONDS))
              .hasMessageContaining("permission denied");
        }

        // root takes the permission away through member 0: refused on member 2 at once
        String root = login(clients.get(0), "root", "rootpw");
        as(AuthGrpc.newBlockingStub(clients.get(0).channel()), root).roleRevokePermission(
            AuthRoleRevokePermissionRequest.newBuilder().setRole("app").setKey(bs("app/"))
                .setRangeEnd(bs("app0")).build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> denied(() -> aliceOn2.range(
            RangeRequest.newBuilder().setKey(bs("app/x")).build())));
        denied(() -> as(KVGrpc.newBlockingStub(clients.get(1).channel()), alice)
            .put(PutRequest.newBuilder().setKey(bs("app/y")).setValue(bs("1")).build()));

        // a restarted member keeps users and permissions: alice logs in, and is still refused
        clients.get(2).close();
        cluster.kill(2);
        cluster.restart(2);
        clients.set(2, EtcdClients.of(cluster.flags(2)));
        String again = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> login(clients.get(2), "alice", "alicepw"), t -> t != null);
        denied(() -> as(KVGrpc.newBlockingStub(clients.get(2).channel()), again)
            .range(RangeRequest.newBuilder().setKey(bs("app/x")).build()));
        assertThatThrownBy(() -> login(clients.get(2), "alice", "wrong"))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                e.getStatus().getDescription())
                .isEqualTo("etcdserver: authentication failed, invalid user ID or password"));
      } finally {
        for (EtcdClients c : clients) {
          c.close();
        }
      }
    }
  }
}
