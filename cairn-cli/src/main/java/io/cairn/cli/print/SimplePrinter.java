package io.cairn.cli.print;

import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmResponse;
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
}
