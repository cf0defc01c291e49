package io.cairn.cli;

import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * --discovery-srv: etcdctl's endpoints from DNS SRV records (etcd's srv.GetClient). The secure
 * service {@code _etcd-client-ssl[-NAME]._tcp.DOMAIN} gives https endpoints, then the plain
 * {@code _etcd-client[-NAME]._tcp.DOMAIN} http ones; the discovery fails only when both lookups
 * fail. Unless --insecure-discovery (true by default), http endpoints are dropped with a notice.
 */
final class SrvDiscovery {
  private SrvDiscovery() {}

  /**
   * The discovered endpoints, in DNS order ("https://host.example.:2379"); empty when none are
   * usable, in which case etcdctl keeps --endpoints.
   *
   * @throws CtlException (exit 1) with Go's resolver errors when neither service is found
   */
  static List<String> endpoints(String domain, String serviceName, boolean insecure, Out out) {
    List<String> found = new ArrayList<>();
    String secureError = lookup(service("etcd-client-ssl", serviceName), domain, "https", found);
    String plainError = lookup(service("etcd-client", serviceName), domain, "http", found);
    if (secureError != null && plainError != null) {
      throw new CtlException(ExitCodes.ERROR, "dns lookup errors: " + secureError + " and " + plainError);
    }
    if (insecure) {
      return found;
    }
    List<String> secure = new ArrayList<>();
    for (String ep : found) {
      if (ep.startsWith("http://")) {
        out.errln("ignoring discovered insecure endpoint " + GoFormat.quote(ep));
      } else {
        secure.add(ep);
      }
    }
    return secure;
  }

  private static String service(String base, String serviceName) {
    return serviceName.isEmpty() ? base : base + "-" + serviceName;
  }

  /**
   * Go's net.LookupSRV of {@code _SERVICE._tcp.DOMAIN}: adds the endpoints to {@code into} and
   * returns null, or returns the lookup's error text.
   */
  private static String lookup(String service, String domain, String scheme, List<String> into) {
    String target = "_" + service + "._tcp." + domain;
    Lookup lookup;
    try {
      lookup = new Lookup(Name.fromString(target, Name.root), Type.SRV);
    } catch (TextParseException e) {
      return "lookup " + target + ": no such host";
    }
    Record[] answers = lookup.run();
    if (lookup.getResult() != Lookup.SUCCESSFUL || answers == null) {
      // Go says "no such host" both for a name that does not exist and for one without SRV records
      String why = lookup.getResult() == Lookup.HOST_NOT_FOUND
          || lookup.getResult() == Lookup.TYPE_NOT_FOUND ? "no such host" : "server misbehaving";
      return "lookup " + target + " on " + server() + ": " + why;
    }
    for (SRVRecord srv : inGoOrder(answers)) {
      into.add(scheme + "://" + joinHostPort(srv.getTarget().toString(), srv.getPort()));
    }
    return null;
  }

  /** Go sorts SRV records by priority, then shuffles each priority's records by weight (RFC 2782). */
  private static List<SRVRecord> inGoOrder(Record[] answers) {
    List<SRVRecord> srvs = new ArrayList<>();
    for (Record r : answers) {
      if (r instanceof SRVRecord srv) {
        srvs.add(srv);
      }
    }
    srvs.sort(Comparator.comparingInt(SRVRecord::getPriority));
    List<SRVRecord> ordered = new ArrayList<>();
    int i = 0;
    while (i < srvs.size()) {
      int j = i;
      while (j < srvs.size() && srvs.get(j).getPriority() == srvs.get(i).getPriority()) {
        j++;
      }
      ordered.addAll(shuffledByWeight(new ArrayList<>(srvs.subList(i, j))));
      i = j;
    }
    return ordered;
  }

  private static List<SRVRecord> shuffledByWeight(List<SRVRecord> group) {
    List<SRVRecord> out = new ArrayList<>();
    while (!group.isEmpty()) {
      int sum = group.stream().mapToInt(SRVRecord::getWeight).sum();
      if (sum == 0) {
        out.addAll(group);
        break;
      }
      int pick = ThreadLocalRandom.current().nextInt(sum);
      int k = 0;
      while (pick >= group.get(k).getWeight()) {
        pick -= group.get(k).getWeight();
        k++;
      }
      out.add(group.remove(k));
    }
    return out;
  }

  private static String joinHostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The name server Go names in its errors: the first of resolv.conf's, as host:port. */
  private static String server() {
    List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
    if (servers.isEmpty()) {
      return "127.0.0.1:53";
    }
    InetSocketAddress s = servers.get(0);
    return joinHostPort(s.getAddress().getHostAddress(), s.getPort());
  }
}
