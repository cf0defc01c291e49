package io.cairn.cli.print;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.Event;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseStatus;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnResponse;
import io.cairn.api.WatchResponse;
import java.util.List;

/**
 * etcdctl's json format (printer_json.go): Go's encoding/json of the protobuf structs, or of the Go
 * client's wrapper structs where etcdctl prints those (watch, lease).
 */
public final class JsonPrinter implements WholeMessagePrinter {
  private final Out out;

  public JsonPrinter(Out out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public void pb(Message m) {
    out.println(GoJson.of(m));
  }

  @Override
  public void get(RangeResponse r) {
    pb(r);
  }

  @Override
  public void put(PutResponse r) {
    pb(r);
  }

  @Override
  public void del(DeleteRangeResponse r) {
    pb(r);
  }

  @Override
  public void txn(TxnResponse r) {
    pb(r);
  }

  @Override
  public void watch(WatchResponse r) {
    GoJson j = new GoJson().raw("{").key("Header").message(r.getHeader()).raw(",").key("Events");
    if (r.getEventsCount() == 0) {
      j.raw("null");
    } else {
      j.raw("[");
      for (int i = 0; i < r.getEventsCount(); i++) {
        Event e = r.getEvents(i);
        j.raw(i > 0 ? "," : "").message(e);
      }
      j.raw("]");
    }
    j.raw(",").key("CompactRevision").raw(Long.toString(r.getCompactRevision()))
        .raw(",").key("Canceled").raw(Boolean.toString(r.getCanceled()))
        .raw(",").key("Created").raw(Boolean.toString(r.getCreated())).raw("}");
    out.println(j.toString());
  }

  /** A Go struct embedding *pb.ResponseHeader: the header's fields are promoted. */
  private static GoJson embedded(ResponseHeader h, boolean present) {
    GoJson j = new GoJson().raw("{");
    if (present && j.fields(h, true)) {
      j.raw(",");
    }
    return j;
  }

  @Override
  public void grant(LeaseGrantResponse r) {
    GoJson j = embedded(r.getHeader(), r.hasHeader());
    j.key("ID").raw(Long.toString(r.getID())).raw(",").key("TTL").raw(Long.toString(r.getTTL()))
        .raw(",").key("Error").string(r.getError()).raw("}");
    out.println(j.toString());
  }

  @Override
  public void revoke(long id, io.cairn.api.LeaseRevokeResponse r) {
    GoJson j = new GoJson().raw("{");
    if (r.hasHeader()) {
      j.key("header").message(r.getHeader());
    }
    out.println(j.raw("}").toString());
  }

  @Override
  public void keepAlive(LeaseKeepAliveResponse r) {
    GoJson j = embedded(r.getHeader(), r.hasHeader());
    j.key("ID").raw(Long.toString(r.getID())).raw(",").key("TTL").raw(Long.toString(r.getTTL()))
        .raw("}");
    out.println(j.toString());
  }

  @Override
  public void timeToLive(LeaseTimeToLiveResponse r, boolean keys) {
    GoJson j = embedded(r.getHeader(), r.hasHeader());
    j.key("id").raw(Long.toString(r.getID())).raw(",").key("ttl").raw(Long.toString(r.getTTL()))
        .raw(",").key("granted-ttl").raw(Long.toString(r.getGrantedTTL())).raw(",").key("keys");
    List<ByteString> ks = r.getKeysList();
    if (ks.isEmpty()) {
      j.raw("null");
    } else {
      j.raw("[");
      for (int i = 0; i < ks.size(); i++) {
        j.raw(i > 0 ? "," : "").bytes(ks.get(i));
      }
      j.raw("]");
    }
    out.println(j.raw("}").toString());
  }

  @Override
  public void leases(LeaseLeasesResponse r) {
    GoJson j = embedded(r.getHeader(), r.hasHeader());
    j.key("leases").raw("[");
    List<LeaseStatus> ls = r.getLeasesList();
    for (int i = 0; i < ls.size(); i++) {
      j.raw(i > 0 ? "," : "").raw("{").key("id").raw(Long.toString(ls.get(i).getID())).raw("}");
    }
    out.println(j.raw("]}").toString());
  }

  @Override
  public void endpointHealth(List<EndpointHealth> hs) {
    GoJson j = new GoJson().raw("[");
    for (int i = 0; i < hs.size(); i++) {
      EndpointHealth h = hs.get(i);
      j.raw(i > 0 ? "," : "").raw("{").key("endpoint").string(h.endpoint()).raw(",")
          .key("health").raw(Boolean.toString(h.health())).raw(",").key("took").string(h.took());
      if (h.error() != null && !h.error().isEmpty()) {
        j.raw(",").key("error").string(h.error());
      }
      j.raw("}");
    }
    out.println(j.raw("]").toString());
  }

  @Override
  public void endpointStatus(List<EndpointStatus> ss) {
    GoJson j = new GoJson().raw("[");
    for (int i = 0; i < ss.size(); i++) {
      j.raw(i > 0 ? "," : "").raw("{").key("Endpoint").string(ss.get(i).endpoint()).raw(",")
          .key("Status").message(ss.get(i).status()).raw("}");
    }
    out.println(j.raw("]").toString());
  }

  /** printJSON of snapshot.Status: its json tags, in field order. */
  @Override
  public void dbStatus(io.cairn.cli.snapshot.SnapshotStatus s) {
    out.println("{\"hash\":" + Integer.toUnsignedString(s.hash()) + ",\"revision\":" + s.revision()
        + ",\"totalKey\":" + s.totalKey() + ",\"totalSize\":" + s.totalSize() + "}");
  }

  @Override
  public void endpointHashKV(List<EndpointHash> hs) {
    GoJson j = new GoJson().raw("[");
    for (int i = 0; i < hs.size(); i++) {
      j.raw(i > 0 ? "," : "").raw("{").key("Endpoint").string(hs.get(i).endpoint()).raw(",")
          .key("HashKV").message(hs.get(i).hash()).raw("}");
    }
    out.println(j.raw("]").toString());
  }
}
