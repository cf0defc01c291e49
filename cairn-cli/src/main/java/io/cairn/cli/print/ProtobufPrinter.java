package io.cairn.cli.print;

import com.google.protobuf.Message;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeResponse;
import io.cairn.api.TxnResponse;
import io.cairn.api.WatchResponse;

/**
 * etcdctl's protobuf format (printer_protobuf.go): the wire encoding of the response, no newline.
 * The lease responses are Go client wrappers without a Marshal method, so etcdctl refuses them.
 */
public final class ProtobufPrinter implements WholeMessagePrinter {
  private final Out out;

  public ProtobufPrinter(Out out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "protobuf";
  }

  @Override
  public void pb(Message m) {
    out.write(m.toByteArray());
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
    pb(WatchResponse.newBuilder().setHeader(r.getHeader()).addAllEvents(r.getEventsList())
        .setCompactRevision(r.getCompactRevision()).setCanceled(r.getCanceled())
        .setCreated(r.getCreated()).build());
  }
}
