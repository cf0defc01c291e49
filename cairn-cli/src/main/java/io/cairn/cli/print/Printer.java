package io.cairn.cli.print;

import io.cairn.api.AlarmResponse;
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
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.HashKVResponse;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.MemberAddResponse;
import io.cairn.api.MemberListResponse;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeResponse;
import io.cairn.api.StatusResponse;
import io.cairn.api.TxnResponse;
import io.cairn.api.WatchResponse;
import io.cairn.cli.CtlException;
import io.cairn.cli.ExitCodes;
import java.util.List;

/**
 * etcdctl's printer interface (ctlv3/command/printer.go). Every method defaults to etcdctl's
 * "&lt;format&gt; not supported as output format" failure, so a format implements only what it
 * supports.
 */
public interface Printer {
  /** One endpoint's health as etcdctl reports it. */
  record EndpointHealth(String endpoint, boolean health, String took, String error) {}

  /** One endpoint's status. */
  record EndpointStatus(String endpoint, StatusResponse status) {}

  /** One endpoint's KV hash. */
  record EndpointHash(String endpoint, HashKVResponse hash) {}

  String name();

  default CtlException unsupported() {
    return new CtlException(ExitCodes.BAD_FEATURE, name() + " not supported as output format");
  }

  default void get(RangeResponse r) {
    throw unsupported();
  }

  default void put(PutResponse r) {
    throw unsupported();
  }

  default void del(DeleteRangeResponse r) {
    throw unsupported();
  }

  default void txn(TxnResponse r) {
    throw unsupported();
  }

  /** A watch response as the Go client delivers it (created notifications never arrive here). */
  default void watch(WatchResponse r) {
    throw unsupported();
  }

  default void grant(LeaseGrantResponse r) {
    throw unsupported();
  }

  default void revoke(long id, io.cairn.api.LeaseRevokeResponse r) {
    throw unsupported();
  }

  default void keepAlive(LeaseKeepAliveResponse r) {
    throw unsupported();
  }

  default void timeToLive(LeaseTimeToLiveResponse r, boolean keys) {
    throw unsupported();
  }

  default void leases(LeaseLeasesResponse r) {
    throw unsupported();
  }

  default void memberAdd(MemberAddResponse r) {
    throw unsupported();
  }

  default void memberRemove(long id, io.cairn.api.MemberRemoveResponse r) {
    throw unsupported();
  }

  default void memberUpdate(long id, io.cairn.api.MemberUpdateResponse r) {
    throw unsupported();
  }

  default void memberPromote(long id, io.cairn.api.MemberPromoteResponse r) {
    throw unsupported();
  }

  default void memberList(MemberListResponse r) {
    throw unsupported();
  }

  default void endpointHealth(List<EndpointHealth> hs) {
    throw unsupported();
  }

  default void endpointStatus(List<EndpointStatus> ss) {
    throw unsupported();
  }

  default void endpointHashKV(List<EndpointHash> hs) {
    throw unsupported();
  }

  default void alarm(AlarmResponse r) {
    throw unsupported();
  }

  default void moveLeader(long leader, long target, io.cairn.api.MoveLeaderResponse r) {
    throw unsupported();
  }

  default void roleAdd(String role, AuthRoleAddResponse r) {
    throw unsupported();
  }

  default void roleGet(String role, AuthRoleGetResponse r) {
    throw unsupported();
  }

  default void roleDelete(String role, AuthRoleDeleteResponse r) {
    throw unsupported();
  }

  default void roleList(AuthRoleListResponse r) {
    throw unsupported();
  }

  default void roleGrantPermission(String role, AuthRoleGrantPermissionResponse r) {
    throw unsupported();
  }

  /** {@code key} and {@code end} as the command computed them (the response carries neither). */
  default void roleRevokePermission(String role, String key, byte[] end,
      AuthRoleRevokePermissionResponse r) {
    throw unsupported();
  }

  default void userAdd(String user, AuthUserAddResponse r) {
    throw unsupported();
  }

  default void userGet(String user, AuthUserGetResponse r) {
    throw unsupported();
  }

  default void userList(AuthUserListResponse r) {
    throw unsupported();
  }

  default void userChangePassword(AuthUserChangePasswordResponse r) {
    throw unsupported();
  }

  default void userGrantRole(String user, String role, AuthUserGrantRoleResponse r) {
    throw unsupported();
  }

  default void userRevokeRole(String user, String role, AuthUserRevokeRoleResponse r) {
    throw unsupported();
  }

  default void userDelete(String user, AuthUserDeleteResponse r) {
    throw unsupported();
  }

  /** {@code snapshot status}: a saved snapshot's hash, revision, key count and size. */
  default void dbStatus(io.cairn.cli.snapshot.SnapshotStatus s) {
    throw unsupported();
  }

  static Printer forFormat(String format, boolean hex, Out out) {
    return switch (format) {
      case "simple" -> new SimplePrinter(out, hex);
      case "json" -> new JsonPrinter(out);
      case "fields" -> new FieldsPrinter(out);
      case "table" -> new TablePrinter(out);
      case "protobuf" -> new ProtobufPrinter(out);
      default -> null;
    };
  }
}
