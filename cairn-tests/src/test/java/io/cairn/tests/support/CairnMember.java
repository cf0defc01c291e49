package io.cairn.tests.support;

import io.cairn.server.config.ConfigParser;
import io.cairn.server.embed.CairnServer;
import java.util.Map;

/** A Cairn member in this JVM, started from etcd-style flags. */
public final class CairnMember implements AutoCloseable {
  private final CairnServer server;
  private final MemberFlags flags;

  private CairnMember(CairnServer server, MemberFlags flags) {
    this.server = server;
    this.flags = flags;
  }

  public static CairnMember start(MemberFlags flags) {
    return new CairnMember(CairnServer.start(ConfigParser.parse(flags.asArgArray(), Map.of())), flags);
  }

  public CairnServer server() {
    return server;
  }

  public String endpoint() {
    return flags.clientUrl();
  }

  @Override
  public void close() {
    server.close();
  }
}
