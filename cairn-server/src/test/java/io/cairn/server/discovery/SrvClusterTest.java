package io.cairn.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.discovery.SrvCluster.DiscoveryException;
import io.cairn.server.discovery.SrvCluster.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SrvClusterTest {
  private static final String DOMAIN = "lab.example.com";
  private static final Map<String, String> HOSTS = Map.of(
      "k8s-etcd-1.c1.lab.example.com", "10.0.0.1",
      "k8s-etcd-2.c1.lab.example.com", "10.0.0.2",
      "k8s-etcd-3.c1.lab.example.com", "10.0.0.3");

  private static SrvCluster cluster(Map<String, List<Target>> records) {
    return new SrvCluster(fqdn -> {
      List<Target> t = records.get(fqdn);
      if (t == null) {
        throw new DiscoveryException("lookup " + fqdn + ": host not found");
      }
      return t;
    }, SrvClusterTest::resolve);
  }

  private static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
    String ip = host.matches("[0-9.]+") ? host : HOSTS.get(host);
    if (ip == null) {
      throw new UnknownHostException(host);
    }
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static List<Target> three(int port) {
    return List.of(new Target("k8s-etcd-1.c1.lab.example.com", port),
        new Target("k8s-etcd-2.c1.lab.example.com", port), new Target("k8s-etcd-3.c1.lab.example.com", port));
  }

  @Test
  void tlsRecordsGiveHttpsPeersAndTheLocalMemberItsName() throws Exception {
    String c = cluster(Map.of("_etcd-server-ssl-c1._tcp." + DOMAIN, three(2380)))
        .initialCluster(DOMAIN, "c1", "k8s-etcd-2", List.of(URI.create("https://10.0.0.2:2380")));

    assertThat(c).isEqualTo("0=https://k8s-etcd-1.c1.lab.example.com:2380,"
        + "k8s-etcd-2=https://k8s-etcd-2.c1.lab.example.com:2380,1=https://k8s-etcd-3.c1.lab.example.com:2380");
  }

  @Test
  void onlyPlainRecordsStillFormTheClusterUnlikeEtcd34() throws Exception {
    String c = cluster(Map.of("_etcd-server-c1._tcp." + DOMAIN, three(2380)))
        .initialCluster(DOMAIN, "c1", "k8s-etcd-1",
            List.of(URI.create("http://k8s-etcd-1.c1.lab.example.com:2380")));

    assertThat(c).startsWith("k8s-etcd-1=http://k8s-etcd-1.c1.lab.example.com:2380,0=http://");
  }

  @Test
  void withoutAServiceNameTheBareServicesAreQueried() throws Exception {
    String c = cluster(Map.of("_etcd-server._tcp." + DOMAIN, three(2380)))
        .initialCluster(DOMAIN, "", "m3", List.of(URI.create("http://10.0.0.3:2380")));

    assertThat(c).contains("m3=http://k8s-etcd-3.c1.lab.example.com:2380");
  }

  @Test
  void aSchemeMismatchWithTheAdvertisedUrlIsAnError() {
    assertThatThrownBy(() -> cluster(Map.of("_etcd-server-c1._tcp." + DOMAIN, three(2380)))
        .initialCluster(DOMAIN, "c1", "k8s-etcd-1", List.of(URI.create("https://10.0.0.1:2380"))))
        .isInstanceOf(DiscoveryException.class)
        .hasMessageContaining("bootstrap at http://k8s-etcd-1.c1.lab.example.com:2380 from DNS for "
            + "etcd-server-c1 has scheme mismatch with expected peer https://10.0.0.1:2380");
  }

  @Test
  void aMemberNotInTheRecordsIsNotFound() {
    assertThatThrownBy(() -> cluster(Map.of("_etcd-server-ssl-c1._tcp." + DOMAIN, three(2380)))
        .initialCluster(DOMAIN, "c1", "other", List.of(URI.create("https://10.0.0.9:2380"))))
        .hasMessageStartingWith("cannot find local etcd member \"other\" in SRV records");
  }

  @Test
  void noRecordsAtAllNamesBothLookups() {
    assertThatThrownBy(() -> cluster(Map.of())
        .initialCluster(DOMAIN, "c1", "k8s-etcd-1", List.of(URI.create("https://10.0.0.1:2380"))))
        .hasMessageStartingWith("error querying DNS SRV records for _etcd-server-ssl-c1 and _etcd-server-c1 "
            + "under lab.example.com: lookup _etcd-server-ssl-c1._tcp.lab.example.com: host not found; "
            + "lookup _etcd-server-c1._tcp.lab.example.com: host not found");
  }
}
