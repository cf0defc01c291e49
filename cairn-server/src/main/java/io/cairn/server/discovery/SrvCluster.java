package io.cairn.server.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The initial cluster from DNS SRV records, as etcd's {@code srv.GetCluster} builds it: https peers
 * from {@code _etcd-server-ssl[-NAME]._tcp.DOMAIN}, http peers from {@code _etcd-server[-NAME]._tcp.DOMAIN};
 * each target is resolved and the one at this member's advertised peer address gets this member's
 * name, the others temporary names ("0", "1", ...) until they publish theirs. Unlike etcd 3.4
 * (etcd#11321) and as etcd 3.5, a failed or empty lookup of one kind is not fatal when the other
 * finds members. Uses the system's resolver configuration (resolv.conf).
 */
public final class SrvCluster {
  private static final Logger LOG = LoggerFactory.getLogger(SrvCluster.class);

  /** The SRV records of a service, in the order to use them: (target without trailing dot, port). */
  @FunctionalInterface
  public interface SrvLookup {
    List<Target> lookup(String service) throws DiscoveryException;
  }

  /** Resolves a host:port as Go's net.ResolveTCPAddr does, to compare addresses. */
  @FunctionalInterface
  public interface AddressResolver {
    InetSocketAddress resolve(String host, int port) throws UnknownHostException;
  }

  public record Target(String host, int port) {}

  /** Discovery found nothing usable; the message says what each lookup returned. */
  public static final class DiscoveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DiscoveryException(String message) {
      super(message);
    }
  }

  private final SrvLookup srv;
  private final AddressResolver resolver;

  public SrvCluster(SrvLookup srv, AddressResolver resolver) {
    this.srv = srv;
    this.resolver = resolver;
  }

  /** With the system's DNS configuration. */
  public static SrvCluster system() {
    return new SrvCluster(SrvCluster::dnsLookup, (host, port) ->
        new InetSocketAddress(InetAddress.getByName(host), port));
  }

  /**
   * The {@code --initial-cluster} value ("name=url,...") for member {@code name} advertising
   * {@code advertisePeerUrls}, from the records under {@code domain}.
   */
  public String initialCluster(String domain, String serviceName, String name, List<URI> advertisePeerUrls)
      throws DiscoveryException {
    String suffix = serviceName.isEmpty() ? "" : "-" + serviceName;
    Map<InetSocketAddress, URI> advertised = new HashMap<>();
    for (URI u : advertisePeerUrls) {
      try {
        advertised.put(resolver.resolve(u.getHost(), u.getPort()), u);
      } catch (UnknownHostException e) {
        throw new DiscoveryException("cannot resolve --initial-advertise-peer-urls host " + u.getHost()
            + ": " + e.getMessage());
      }
    }
    int[] tempNames = {0};
    List<String> parts = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String secure = "etcd-server-ssl" + suffix;
    String plain = "etcd-server" + suffix;
    collect("https", secure, domain, name, advertised, tempNames, parts, errors);
    collect("http", plain, domain, name, advertised, tempNames, parts, errors);
    if (parts.isEmpty()) {
      throw new DiscoveryException("error querying DNS SRV records for _" + secure + " and _" + plain
          + " under " + domain + ": " + String.join("; ", errors));
    }
    if (parts.stream().noneMatch(p -> p.startsWith(name + "="))) {
      throw new DiscoveryException("cannot find local etcd member \"" + name + "\" in SRV records"
          + (errors.isEmpty() ? "" : " (" + String.join("; ", errors) + ")"));
    }
    if (!errors.isEmpty()) {
      LOG.warn("SRV discovery: {} (the other lookup found members)", String.join("; ", errors));
    }
    for (String p : parts) {
      LOG.info("got bootstrap from DNS for etcd-server at {}", p);
    }
    return String.join(",", parts);
  }

  private void collect(String scheme, String service, String domain, String name,
      Map<InetSocketAddress, URI> advertised, int[] tempNames, List<String> parts, List<String> errors) {
    List<Target> targets;
    String fqdn = "_" + service + "._tcp." + domain;
    try {
      targets = srv.lookup(fqdn);
    } catch (DiscoveryException e) {
      errors.add(e.getMessage());
      return;
    }
    int found = 0;
    for (Target t : targets) {
      InetSocketAddress addr;
      try {
        addr = resolver.resolve(t.host(), t.port());
      } catch (UnknownHostException e) {
        errors.add("cannot resolve " + t.host() + " from " + fqdn + ": " + e.getMessage());
        continue;
      }
      String url = scheme + "://" + hostPort(t.host(), t.port());
      URI local = advertised.get(addr);
      if (local != null && !local.getScheme().equals(scheme)) {
        errors.add("bootstrap at " + url + " from DNS for " + service
            + " has scheme mismatch with expected peer " + local);
        continue;
      }
      String member = local != null ? name : Integer.toString(tempNames[0]++);
      parts.add(member + "=" + url);
      found++;
    }
    if (found == 0 && targets.isEmpty()) {
      errors.add("lookup " + fqdn + ": no records");
    }
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** SRV records by priority, then heavier weight first (deterministic: names follow this order). */
  private static List<Target> dnsLookup(String fqdn) throws DiscoveryException {
    Lookup lookup;
    try {
      lookup = new Lookup(Name.fromString(fqdn, Name.root), Type.SRV);
    } catch (TextParseException e) {
      throw new DiscoveryException("lookup " + fqdn + ": invalid name");
    }
    Record[] answers = lookup.run();
    if (lookup.getResult() != Lookup.SUCCESSFUL || answers == null) {
      throw new DiscoveryException("lookup " + fqdn + ": " + lookup.getErrorString());
    }
    List<SRVRecord> records = new ArrayList<>();
    for (Record r : answers) {
      if (r instanceof SRVRecord s) {
        records.add(s);
      }
    }
    records.sort(Comparator.comparingInt(SRVRecord::getPriority)
        .thenComparing(Comparator.comparingInt(SRVRecord::getWeight).reversed())
        .thenComparing(r -> r.getTarget().toString()));
    List<Target> out = new ArrayList<>();
    for (SRVRecord r : records) {
      String host = r.getTarget().toString();
      out.add(new Target(host.endsWith(".") ? host.substring(0, host.length() - 1) : host, r.getPort()));
    }
    return out;
  }
}
