package io.cairn.cli.print;

import io.cairn.api.AlarmMember;
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
import io.cairn.api.AuthUserGrantRoleResponse;
import io.cairn.api.AuthUserRevokeRoleResponse;
import io.cairn.api.AuthUserGetResponse;
import io.cairn.api.AuthUserListResponse;
import io.cairn.api.Permission;
import io.cairn.cli.Keys;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseStatus;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.MemberAddResponse;
import io.cairn.api.MemberListResponse;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseOp;
import io.cairn.api.TxnResponse;
import io.cairn.api.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** etcdctl's default format (printer_simple.go). */
public final class SimplePrinter implements Printer {
  private final Out out;
  private final boolean hex;
  private boolean valueOnly;

  public SimplePrinter(Out out, boolean hex) {
    this.out = out;
    this.hex = hex;
  }

  @Override
  public String name() {
    return "simple";
  }

  public void valueOnly(boolean v) {
    this.valueOnly = v;
  }

  private void kv(KeyValue kv) {
    byte[] k = kv.getKey().toByteArray();
    byte[] v = kv.getValue().toByteArray();
    if (hex) {
      k = hexEscaped(k);
      v = hexEscaped(v);
    }
    if (!valueOnly) {
      out.printlnBytes(k);
    }
    out.printlnBytes(v);
  }

  private static byte[] hexEscaped(byte[] b) {
    String h = HexFormat.of().formatHex(b);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < h.length(); i += 2) {
      sb.append("\\x").append(h, i, i + 2);
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void del(DeleteRangeResponse r) {
    out.println(Long.toString(r.getDeleted()));
    r.getPrevKvsList().forEach(this::kv);
  }

  @Override
  public void get(RangeResponse r) {
    r.getKvsList().forEach(this::kv);
  }

  @Override
  public void put(PutResponse r) {
    out.println("OK");
    if (r.hasPrevKv()) {
      kv(r.getPrevKv());
    }
  }

  @Override
  public void txn(TxnResponse r) {
    out.println(r.getSucceeded() ? "SUCCESS" : "FAILURE");
    for (ResponseOp op : r.getResponsesList()) {
      out.println();
      switch (op.getResponseCase()) {
        case RESPONSE_DELETE_RANGE -> del(op.getResponseDeleteRange());
        case RESPONSE_PUT -> put(op.getResponsePut());
        case RESPONSE_RANGE -> get(op.getResponseRange());
        default -> out.println("unexpected response " + op);
      }
    }
  }

  @Override
  public void watch(WatchResponse r) {
    for (Event e : r.getEventsList()) {
      out.println(e.getType() == Event.EventType.DELETE ? "DELETE" : "PUT");
      if (e.hasPrevKv()) {
        kv(e.getPrevKv());
      }
      kv(e.getKv());
    }
  }

  @Override
  public void grant(LeaseGrantResponse r) {
    out.println("lease " + GoFormat.hex16(r.getID()) + " granted with TTL(" + r.getTTL() + "s)");
  }

  @Override
  public void revoke(long id, io.cairn.api.LeaseRevokeResponse r) {
    out.println("lease " + GoFormat.hex16(id) + " revoked");
  }

  @Override
  public void keepAlive(LeaseKeepAliveResponse r) {
    out.println("lease " + GoFormat.hex16(r.getID()) + " keepalived with TTL(" + r.getTTL() + ")");
  }

  @Override
  public void timeToLive(LeaseTimeToLiveResponse r, boolean keys) {
    if (r.getGrantedTTL() == 0 && r.getTTL() == -1) {
      out.println("lease " + GoFormat.hex16(r.getID()) + " already expired");
      return;
    }
    String txt = "lease " + GoFormat.hex16(r.getID()) + " granted with TTL(" + r.getGrantedTTL()
        + "s), remaining(" + r.getTTL() + "s)";
    if (keys) {
      List<String> ks = new ArrayList<>();
      r.getKeysList().forEach(k -> ks.add(k.toStringUtf8()));
      txt += ", attached keys(" + GoFormat.slice(ks) + ")";
    }
    out.println(txt);
  }

  @Override
  public void leases(LeaseLeasesResponse r) {
    out.println("found " + r.getLeasesCount() + " leases");
    for (LeaseStatus l : r.getLeasesList()) {
      out.println(GoFormat.hex16(l.getID()));
    }
  }

  @Override
  public void alarm(AlarmResponse r) {
    for (AlarmMember a : r.getAlarmsList()) {
      out.println("memberID:" + GoFormat.unsigned(a.getMemberID()) + " alarm:" + a.getAlarm().name() + " ");
    }
  }

  @Override
  public void memberAdd(MemberAddResponse r) {
    out.println("Member " + GoFormat.hexPadded(r.getMember().getID()) + " added to cluster "
        + GoFormat.hexPadded(r.getHeader().getClusterId()));
  }

  @Override
  public void memberRemove(long id, io.cairn.api.MemberRemoveResponse r) {
    out.println("Member " + GoFormat.hexPadded(id) + " removed from cluster "
        + GoFormat.hexPadded(r.getHeader().getClusterId()));
  }

  @Override
  public void memberUpdate(long id, io.cairn.api.MemberUpdateResponse r) {
    out.println("Member " + GoFormat.hexPadded(id) + " updated in cluster "
        + GoFormat.hexPadded(r.getHeader().getClusterId()));
  }

  @Override
  public void memberPromote(long id, io.cairn.api.MemberPromoteResponse r) {
    out.println("Member " + GoFormat.hexPadded(id) + " promoted in cluster "
        + GoFormat.hexPadded(r.getHeader().getClusterId()));
  }

  @Override
  public void memberList(MemberListResponse r) {
    for (List<String> row : Tables.memberListRows(r)) {
      out.println(String.join(", ", row));
    }
  }

  @Override
  public void endpointHealth(List<EndpointHealth> hs) {
    for (EndpointHealth h : hs) {
      if (h.error() == null || h.error().isEmpty()) {
        out.errln(h.endpoint() + " is healthy: successfully committed proposal: took = " + h.took());
      } else {
        out.errln(h.endpoint() + " is unhealthy: failed to commit proposal: " + h.error());
      }
    }
  }

  @Override
  public void endpointStatus(List<EndpointStatus> ss) {
    for (List<String> row : Tables.endpointStatusRows(ss)) {
      out.println(String.join(", ", row));
    }
  }

  @Override
  public void dbStatus(io.cairn.cli.snapshot.SnapshotStatus s) {
    for (List<String> row : Tables.dbStatusRows(s)) {
      out.println(String.join(", ", row));
    }
  }

  @Override
  public void endpointHashKV(List<EndpointHash> hs) {
    for (List<String> row : Tables.endpointHashRows(hs)) {
      out.println(String.join(", ", row));
    }
  }

  @Override
  public void moveLeader(long leader, long target, io.cairn.api.MoveLeaderResponse r) {
    out.println("Leadership transferred from " + GoFormat.hex(leader) + " to " + GoFormat.hex(target));
  }

  @Override
  public void roleAdd(String role, AuthRoleAddResponse r) {
    out.println("Role " + role + " created");
  }

  @Override
  public void roleGet(String role, AuthRoleGetResponse r) {
    out.println("Role " + role);
    out.println("KV Read:");
    for (Permission p : r.getPermList()) {
      if (p.getPermType() == Permission.Type.READ || p.getPermType() == Permission.Type.READWRITE) {
        permission(p);
      }
    }
    out.println("KV Write:");
    for (Permission p : r.getPermList()) {
      if (p.getPermType() == Permission.Type.WRITE || p.getPermType() == Permission.Type.READWRITE) {
        permission(p);
      }
    }
  }

  /** A single key, a range, or an open-ended range, marked when the range is a prefix. */
  private void permission(Permission p) {
    out.print("\t");
    if (p.getRangeEnd().isEmpty()) {
      out.printlnBytes(p.getKey().toByteArray());
      return;
    }
    out.print("[").write(p.getKey().toByteArray()).print(", ");
    if (p.getRangeEnd().equals(Keys.NUL)) {
      out.print("<open ended>");
    } else {
      out.write(p.getRangeEnd().toByteArray()).print(")");
    }
    if (Keys.prefixEnd(p.getKey()).equals(p.getRangeEnd())) {
      out.print(" (prefix ").write(p.getKey().toByteArray()).print(")");
    }
    out.println();
  }

  @Override
  public void roleList(AuthRoleListResponse r) {
    r.getRolesList().forEach(out::println);
  }

  @Override
  public void roleDelete(String role, AuthRoleDeleteResponse r) {
    out.println("Role " + role + " deleted");
  }

  @Override
  public void roleGrantPermission(String role, AuthRoleGrantPermissionResponse r) {
    out.println("Role " + role + " updated");
  }

  @Override
  public void roleRevokePermission(String role, String key, byte[] end,
      AuthRoleRevokePermissionResponse r) {
    if (end.length == 0) {
      out.println("Permission of key " + key + " is revoked from role " + role);
    } else if (end.length == 1 && end[0] == 0) {
      out.println("Permission of range [" + key + ", <open ended> is revoked from role " + role);
    } else {
      out.print("Permission of range [" + key + ", ").write(end)
          .println(") is revoked from role " + role);
    }
  }

  @Override
  public void userAdd(String user, AuthUserAddResponse r) {
    out.println("User " + user + " created");
  }

  @Override
  public void userGet(String user, AuthUserGetResponse r) {
    out.println("User: " + user);
    out.print("Roles:");
    r.getRolesList().forEach(role -> out.print(" " + role));
    out.println();
  }

  @Override
  public void userChangePassword(AuthUserChangePasswordResponse r) {
    out.println("Password updated");
  }

  @Override
  public void userGrantRole(String user, String role, AuthUserGrantRoleResponse r) {
    out.println("Role " + role + " is granted to user " + user);
  }

  @Override
  public void userRevokeRole(String user, String role, AuthUserRevokeRoleResponse r) {
    out.println("Role " + role + " is revoked from user " + user);
  }

  @Override
  public void userDelete(String user, AuthUserDeleteResponse r) {
    out.println("User " + user + " deleted");
  }

  @Override
  public void userList(AuthUserListResponse r) {
    r.getUsersList().forEach(out::println);
  }
}
