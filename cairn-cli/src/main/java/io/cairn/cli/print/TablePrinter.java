package io.cairn.cli.print;

import io.cairn.api.MemberListResponse;
import java.util.List;

/** etcdctl's table format (printer_table.go): only list-like responses; KV output is unsupported. */
public final class TablePrinter implements Printer {
  private final Out out;

  public TablePrinter(Out out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "table";
  }

  @Override
  public void memberList(MemberListResponse r) {
    out.print(Tables.render(Tables.MEMBER_HEADER, Tables.memberListRows(r)));
  }

  @Override
  public void endpointHealth(List<EndpointHealth> hs) {
    out.print(Tables.render(Tables.HEALTH_HEADER, Tables.healthRows(hs)));
  }

  @Override
  public void endpointStatus(List<EndpointStatus> ss) {
    out.print(Tables.render(Tables.STATUS_HEADER, Tables.endpointStatusRows(ss)));
  }

  @Override
  public void dbStatus(io.cairn.cli.snapshot.SnapshotStatus s) {
    out.print(Tables.render(Tables.DB_STATUS_HEADER, Tables.dbStatusRows(s)));
  }

  @Override
  public void endpointHashKV(List<EndpointHash> hs) {
    out.print(Tables.render(Tables.HASH_HEADER, Tables.endpointHashRows(hs)));
  }
}
