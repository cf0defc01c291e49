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
import io.cairn.api.Permission;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseStatus;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.Member;
import io.cairn.api.MemberListResponse;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.ResponseOp;
import io.cairn.api.StatusResponse;
import io.cairn.api.TxnResponse;
import io.cairn.api.WatchResponse;
import java.util.List;

/** etcdctl's fields format (printer_fields.go): one {@code "Name" : value} line per field. */
public final class FieldsPrinter implements Printer {
  private final Out out;

  public FieldsPrinter(Out out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "fields";
  }

  private void kv(String pfx, KeyValue kv) {
    out.println("\"" + pfx + "Key\" : " + GoFormat.quote(kv.getKey().toByteArray()));
    out.println("\"" + pfx + "CreateRevision\" : " + kv.getCreateRevision());
    out.println("\"" + pfx + "ModRevision\" : " + kv.getModRevision());
    out.println("\"" + pfx + "Version\" : " + kv.getVersion());
    out.println("\"" + pfx + "Value\" : " + GoFormat.quote(kv.getValue().toByteArray()));
    out.println("\"" + pfx + "Lease\" : " + kv.getLease());
  }

  private void hdr(ResponseHeader h) {
    out.println("\"ClusterID\" : " + GoFormat.unsigned(h.getClusterId()));
    out.println("\"MemberID\" : " + GoFormat.unsigned(h.getMemberId()));
    out.println("\"Revision\" : " + h.getRevision());
    out.println("\"RaftTerm\" : " + GoFormat.unsigned(h.getRaftTerm()));
  }

  @Override
  public void del(DeleteRangeResponse r) {
    hdr(r.getHeader());
    out.println("\"Deleted\" : " + r.getDeleted());
    r.getPrevKvsList().forEach(kv -> kv("Prev", kv));
  }

  @Override
  public void get(RangeResponse r) {
    hdr(r.getHeader());
    r.getKvsList().forEach(kv -> kv("", kv));
    out.println("\"More\" : " + r.getMore());
    out.println("\"Count\" : " + r.getCount());
  }

  @Override
  public void put(PutResponse r) {
    hdr(r.getHeader());
    if (r.hasPrevKv()) {
      kv("Prev", r.getPrevKv());
    }
  }

  @Override
  public void txn(TxnResponse r) {
    hdr(r.getHeader());
    out.println("\"Succeeded\" : " + r.getSucceeded());
    for (ResponseOp op : r.getResponsesList()) {
      switch (op.getResponseCase()) {
        case RESPONSE_DELETE_RANGE -> del(op.getResponseDeleteRange());
        case RESPONSE_PUT -> put(op.getResponsePut());
        case RESPONSE_RANGE -> get(op.getResponseRange());
        default -> out.println("\"Unknown\" : " + GoFormat.quote(op.toString()));
      }
    }
  }

  @Override
  public void watch(WatchResponse r) {
    hdr(r.getHeader());
    for (Event e : r.getEventsList()) {
      out.println("\"Type\" : " + (e.getType() == Event.EventType.DELETE ? "DELETE" : "PUT"));
      if (e.hasPrevKv()) {
        kv("Prev", e.getPrevKv());
      }
      kv("", e.getKv());
    }
  }

  @Override
  public void grant(LeaseGrantResponse r) {
    hdr(r.getHeader());
    out.println("\"ID\" : " + r.getID());
    out.println("\"TTL\" : " + r.getTTL());
  }

  @Override
  public void revoke(long id, io.cairn.api.LeaseRevokeResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void keepAlive(LeaseKeepAliveResponse r) {
    hdr(r.getHeader());
    out.println("\"ID\" : " + r.getID());
    out.println("\"TTL\" : " + r.getTTL());
  }

  @Override
  public void timeToLive(LeaseTimeToLiveResponse r, boolean keys) {
    hdr(r.getHeader());
    out.println("\"ID\" : " + r.getID());
    out.println("\"TTL\" : " + r.getTTL());
    out.println("\"GrantedTTL\" : " + r.getGrantedTTL());
    r.getKeysList().forEach(k -> out.println("\"Key\" : " + GoFormat.quote(k.toByteArray())));
  }

  @Override
  public void leases(LeaseLeasesResponse r) {
    hdr(r.getHeader());
    for (LeaseStatus l : r.getLeasesList()) {
      out.println("\"ID\" : " + l.getID());
    }
  }

  @Override
  public void memberList(MemberListResponse r) {
    hdr(r.getHeader());
    for (Member m : r.getMembersList()) {
      out.println("\"ID\" : " + GoFormat.unsigned(m.getID()));
      out.println("\"Name\" : " + GoFormat.quote(m.getName()));
      m.getPeerURLsList().forEach(u -> out.println("\"PeerURL\" : " + GoFormat.quote(u)));
      m.getClientURLsList().forEach(u -> out.println("\"ClientURL\" : " + GoFormat.quote(u)));
      out.println("\"IsLearner\" : " + m.getIsLearner());
      out.println();
    }
  }

  @Override
  public void endpointHealth(List<EndpointHealth> hs) {
    for (EndpointHealth h : hs) {
      out.println("\"Endpoint\" : " + GoFormat.quote(h.endpoint()));
      out.println("\"Health\" : " + h.health());
      out.println("\"Took\" : " + h.took());
      out.println("\"Error\" : " + (h.error() == null ? "" : h.error()));
      out.println();
    }
  }

  @Override
  public void endpointStatus(List<EndpointStatus> ss) {
    for (EndpointStatus s : ss) {
      StatusResponse r = s.status();
      hdr(r.getHeader());
      out.println("\"Version\" : " + GoFormat.quote(r.getVersion()));
      out.println("\"DBSize\" : " + r.getDbSize());
      out.println("\"Leader\" : " + GoFormat.unsigned(r.getLeader()));
      out.println("\"IsLearner\" : " + r.getIsLearner());
      out.println("\"RaftIndex\" : " + GoFormat.unsigned(r.getRaftIndex()));
      out.println("\"RaftTerm\" : " + GoFormat.unsigned(r.getRaftTerm()));
      out.println("\"RaftAppliedIndex\" : " + GoFormat.unsigned(r.getRaftAppliedIndex()));
      out.println("\"Errors\" : " + GoFormat.slice(r.getErrorsList()));
      out.println("\"Endpoint\" : " + GoFormat.quote(s.endpoint()));
      out.println();
    }
  }

  @Override
  public void dbStatus(io.cairn.cli.snapshot.SnapshotStatus s) {
    out.println("\"Hash\" : " + Integer.toUnsignedString(s.hash()));
    out.println("\"Revision\" : " + s.revision());
    out.println("\"Keys\" : " + s.totalKey());
    out.println("\"Size\" : " + s.totalSize());
  }

  @Override
  public void endpointHashKV(List<EndpointHash> hs) {
    for (EndpointHash h : hs) {
      hdr(h.hash().getHeader());
      out.println("\"Endpoint\" : " + GoFormat.quote(h.endpoint()));
      out.println("\"Hash\" : " + Integer.toUnsignedString(h.hash().getHash()));
      out.println();
    }
  }

  @Override
  public void alarm(AlarmResponse r) {
    hdr(r.getHeader());
    for (AlarmMember a : r.getAlarmsList()) {
      out.println("\"MemberID\" : " + GoFormat.unsigned(a.getMemberID()));
      out.println("\"AlarmType\" : " + a.getAlarm().name());
      out.println();
    }
  }

  @Override
  public void roleAdd(String role, AuthRoleAddResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void roleGet(String role, AuthRoleGetResponse r) {
    hdr(r.getHeader());
    for (Permission p : r.getPermList()) {
      // fmt.Println puts a space between its operands, after the label's own
      out.println("\"PermType\" :  " + p.getPermType().name());
      out.println("\"Key\" : " + GoFormat.quote(p.getKey().toByteArray()));
      out.println("\"RangeEnd\" : " + GoFormat.quote(p.getRangeEnd().toByteArray()));
    }
  }

  @Override
  public void roleDelete(String role, AuthRoleDeleteResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void roleList(AuthRoleListResponse r) {
    hdr(r.getHeader());
    out.print("\"Roles\" :");
    r.getRolesList().forEach(role -> out.print(" " + GoFormat.quote(role)));
    out.println();
  }

  @Override
  public void roleGrantPermission(String role, AuthRoleGrantPermissionResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void roleRevokePermission(String role, String key, byte[] end,
      AuthRoleRevokePermissionResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void userAdd(String user, AuthUserAddResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void userChangePassword(AuthUserChangePasswordResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void userGrantRole(String user, String role, AuthUserGrantRoleResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void userRevokeRole(String user, String role, AuthUserRevokeRoleResponse r) {
    hdr(r.getHeader());
  }

  @Override
  public void userDelete(String user, AuthUserDeleteResponse r) {
    hdr(r.getHeader());
  }
  // etcdctl's fields format has no UserGet and UserList: they stay unsupported
}
