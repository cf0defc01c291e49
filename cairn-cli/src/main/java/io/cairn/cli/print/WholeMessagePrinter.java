package io.cairn.cli.print;

import com.google.protobuf.Message;
import io.cairn.api.AuthRoleAddResponse;
import io.cairn.api.AuthRoleDeleteResponse;
import io.cairn.api.AuthRoleGetResponse;
import io.cairn.api.AuthRoleGrantPermissionResponse;
import io.cairn.api.AuthRoleListResponse;
import io.cairn.api.AuthRoleRevokePermissionResponse;
import io.cairn.api.AuthUserAddResponse;
import io.cairn.api.AuthUserChangePasswordResponse;
import io.cairn.api.AuthUserDeleteResponse;
import io.cairn.api.AuthUserGetResponse;
import io.cairn.api.AuthUserGrantRoleResponse;
import io.cairn.api.AuthUserListResponse;
import io.cairn.api.AuthUserRevokeRoleResponse;

/**
 * A printer that shows a response as the whole message, as etcdctl's json and protobuf printers do
 * for the commands without a format of their own (auth, user, role, member, alarm, move-leader).
 */
interface WholeMessagePrinter extends Printer {
  /** Prints the whole response message. */
  void pb(Message m);

  @Override
  default void roleAdd(String role, AuthRoleAddResponse r) {
    pb(r);
  }

  @Override
  default void roleGet(String role, AuthRoleGetResponse r) {
    pb(r);
  }

  @Override
  default void roleDelete(String role, AuthRoleDeleteResponse r) {
    pb(r);
  }

  @Override
  default void roleList(AuthRoleListResponse r) {
    pb(r);
  }

  @Override
  default void roleGrantPermission(String role, AuthRoleGrantPermissionResponse r) {
    pb(r);
  }

  @Override
  default void roleRevokePermission(String role, String key, byte[] end,
      AuthRoleRevokePermissionResponse r) {
    pb(r);
  }

  @Override
  default void userAdd(String user, AuthUserAddResponse r) {
    pb(r);
  }

  @Override
  default void userGet(String user, AuthUserGetResponse r) {
    pb(r);
  }

  @Override
  default void userList(AuthUserListResponse r) {
    pb(r);
  }

  @Override
  default void userChangePassword(AuthUserChangePasswordResponse r) {
    pb(r);
  }

  @Override
  default void userGrantRole(String user, String role, AuthUserGrantRoleResponse r) {
    pb(r);
  }

  @Override
  default void userRevokeRole(String user, String role, AuthUserRevokeRoleResponse r) {
    pb(r);
  }

  @Override
  default void userDelete(String user, AuthUserDeleteResponse r) {
    pb(r);
  }

  @Override
  default void memberAdd(io.cairn.api.MemberAddResponse r) {
    pb(r);
  }

  @Override
  default void memberRemove(long id, io.cairn.api.MemberRemoveResponse r) {
    pb(r);
  }

  @Override
  default void memberUpdate(long id, io.cairn.api.MemberUpdateResponse r) {
    pb(r);
  }

  @Override
  default void memberPromote(long id, io.cairn.api.MemberPromoteResponse r) {
    pb(r);
  }

  @Override
  default void memberList(io.cairn.api.MemberListResponse r) {
    pb(r);
  }

  @Override
  default void alarm(io.cairn.api.AlarmResponse r) {
    pb(r);
  }

  @Override
  default void moveLeader(long leader, long target, io.cairn.api.MoveLeaderResponse r) {
    pb(r);
  }
}
