package io.cairn.server.api.grpc;

import io.cairn.api.AuthDisableRequest;
import io.cairn.api.AuthDisableResponse;
import io.cairn.api.AuthEnableRequest;
import io.cairn.api.AuthEnableResponse;
import io.cairn.api.AuthGrpc;
import io.cairn.api.AuthRoleAddRequest;
import io.cairn.api.AuthRoleAddResponse;
import io.cairn.api.AuthRoleDeleteRequest;
import io.cairn.api.AuthRoleDeleteResponse;
import io.cairn.api.AuthRoleGetRequest;
import io.cairn.api.AuthRoleGetResponse;
import io.cairn.api.AuthRoleGrantPermissionRequest;
import io.cairn.api.AuthRoleGrantPermissionResponse;
import io.cairn.api.AuthRoleListRequest;
import io.cairn.api.AuthRoleListResponse;
import io.cairn.api.AuthRoleRevokePermissionRequest;
import io.cairn.api.AuthRoleRevokePermissionResponse;
import io.cairn.api.AuthUserAddRequest;
import io.cairn.api.AuthUserAddResponse;
import io.cairn.api.AuthUserChangePasswordRequest;
import io.cairn.api.AuthUserChangePasswordResponse;
import io.cairn.api.AuthUserDeleteRequest;
import io.cairn.api.AuthUserDeleteResponse;
import io.cairn.api.AuthUserGetRequest;
import io.cairn.api.AuthUserGetResponse;
import io.cairn.api.AuthUserGrantRoleRequest;
import io.cairn.api.AuthUserGrantRoleResponse;
import io.cairn.api.AuthUserListRequest;
import io.cairn.api.AuthUserListResponse;
import io.cairn.api.AuthUserRevokeRoleRequest;
import io.cairn.api.AuthUserRevokeRoleResponse;
import io.cairn.api.AuthenticateRequest;
import io.cairn.api.AuthenticateResponse;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.core.EtcdServer;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** etcd's Auth service: every call is a request through the log, answered once applied. */
public final class AuthService extends AuthGrpc.AuthImplBase {
  private final EtcdServer server;

  public AuthService(EtcdServer server) {
    this.server = server;
  }

  /** Runs {@code call}, whose synchronous refusals (a bad token) become the call's error too. */
  private static <T> void reply(Supplier<CompletableFuture<T>> call, StreamObserver<T> out) {
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    GrpcErrors.reply(f, out);
  }

  private <T extends com.google.protobuf.MessageLite> void logged(
      InternalRaftRequest.Builder request, StreamObserver<T> out) {
    reply(() -> server.authRequest(request), out);
  }

  @Override
  public void authEnable(AuthEnableRequest r, StreamObserver<AuthEnableResponse> out) {
    reply(server::authEnable, out);
  }

  @Override
  public void authDisable(AuthDisableRequest r, StreamObserver<AuthDisableResponse> out) {
    reply(server::authDisable, out);
  }

  @Override
  public void authenticate(AuthenticateRequest r, StreamObserver<AuthenticateResponse> out) {
    reply(() -> server.authenticate(r), out);
  }

  @Override
  public void userAdd(AuthUserAddRequest r, StreamObserver<AuthUserAddResponse> out) {
    reply(() -> server.userAdd(r), out);
  }

  @Override
  public void userChangePassword(AuthUserChangePasswordRequest r,
      StreamObserver<AuthUserChangePasswordResponse> out) {
    reply(() -> server.userChangePassword(r), out);
  }

  @Override
  public void userGet(AuthUserGetRequest r, StreamObserver<AuthUserGetResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthUserGet(r), out);
  }

  @Override
  public void userList(AuthUserListRequest r, StreamObserver<AuthUserListResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthUserList(r), out);
  }

  @Override
  public void userDelete(AuthUserDeleteRequest r, StreamObserver<AuthUserDeleteResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthUserDelete(r), out);
  }

  @Override
  public void userGrantRole(AuthUserGrantRoleRequest r,
      StreamObserver<AuthUserGrantRoleResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthUserGrantRole(r), out);
  }

  @Override
  public void userRevokeRole(AuthUserRevokeRoleRequest r,
      StreamObserver<AuthUserRevokeRoleResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthUserRevokeRole(r), out);
  }

  @Override
  public void roleAdd(AuthRoleAddRequest r, StreamObserver<AuthRoleAddResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthRoleAdd(r), out);
  }

  @Override
  public void roleGet(AuthRoleGetRequest r, StreamObserver<AuthRoleGetResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthRoleGet(r), out);
  }

  @Override
  public void roleList(AuthRoleListRequest r, StreamObserver<AuthRoleListResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthRoleList(r), out);
  }

  @Override
  public void roleDelete(AuthRoleDeleteRequest r, StreamObserver<AuthRoleDeleteResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthRoleDelete(r), out);
  }

  @Override
  public void roleGrantPermission(AuthRoleGrantPermissionRequest r,
      StreamObserver<AuthRoleGrantPermissionResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthRoleGrantPermission(r), out);
  }

  @Override
  public void roleRevokePermission(AuthRoleRevokePermissionRequest r,
      StreamObserver<AuthRoleRevokePermissionResponse> out) {
    logged(InternalRaftRequest.newBuilder().setAuthRoleRevokePermission(r), out);
  }
}
