package io.cairn.server.embed;

import io.cairn.server.config.ServerConfig;
import io.cairn.server.tls.CipherSuites;
import io.cairn.server.tls.NettySslContexts;
import io.cairn.server.tls.TlsCredentials;
import io.cairn.server.tls.TlsCredentialsLoader;
import io.cairn.server.tls.TlsCredentialsLoader.Side;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which listeners speak TLS, with what, decided and checked before anything starts (etcd's
 * {@code configureClientListeners}/{@code configurePeerListeners}): each client URL by its own
 * scheme; the peers all by one scheme, since every member dials every other the same way. A side's
 * files are loaded only when one of its URLs is https, as etcd ignores them (with a warning) for
 * plain http.
 *
 * @param clientContext the TLS context of the https client listeners (absent: none is https)
 * @param peerTls       the credentials of every Raft connection (absent: peers speak plaintext)
 */
record TransportSecurity(Optional<SslContext> clientContext, Optional<TlsCredentials> peerTls) {
  private static final Logger LOG = LoggerFactory.getLogger(TransportSecurity.class);

  static TransportSecurity of(ServerConfig config) {
    // as etcd, an unknown cipher suite stops the start even when nothing speaks TLS
    CipherSuites.toJdk(config.clientTls().cipherSuites());
    return new TransportSecurity(clientContext(config), peerTls(config));
  }

  /** The context for a client listener on {@code url}, or empty for plaintext. */
  Optional<SslContext> clientContextFor(URI url) {
    return isHttps(url) ? clientContext : Optional.empty();
  }

  private static Optional<SslContext> clientContext(ServerConfig config) {
    boolean anyHttps = false;
    for (URI u : config.listenClientUrls()) {
      if (!isHttps(u) && !"http".equals(u.getScheme())) {
        throw new IllegalArgumentException("unsupported client URL scheme (http or https): " + u);
      }
      anyHttps |= isHttps(u);
    }
    if (!anyHttps) {
      warnIgnored("client", config.clientTls().isEmpty());
      return Optional.empty();
    }
    List<URI> urls = new ArrayList<>(config.listenClientUrls());
    urls.addAll(config.advertiseClientUrls());
    Optional<TlsCredentials> credentials = TlsCredentialsLoader.load(config.clientTls(), Side.CLIENT,
        config.dataDir(), urls);
    URI firstHttps = config.listenClientUrls().stream().filter(TransportSecurity::isHttps).findFirst().get();
    TlsCredentials c = credentials.orElseThrow(() -> new IllegalArgumentException(
        "TLS key/cert (--cert-file, --key-file) must be provided for client url " + firstHttps
            + " with HTTPS scheme"));
    return Optional.of(NettySslContexts.forServer(c));
  }

  private static Optional<TlsCredentials> peerTls(ServerConfig config) {
    Set<URI> all = new LinkedHashSet<>(config.listenPeerUrls());
    all.addAll(config.initialAdvertisePeerUrls());
    config.initialClusterMap().values().forEach(urls -> urls.forEach(u -> all.add(URI.create(u))));
    Set<String> schemes = new LinkedHashSet<>();
    for (URI u : all) {
      schemes.add(u.getScheme());
      if (!isHttps(u) && !"http".equals(u.getScheme())) {
        throw new IllegalArgumentException("unsupported peer URL scheme (http or https): " + u);
      }
    }
    if (schemes.size() > 1) {
      throw new IllegalArgumentException("peer URLs mix http and https (" + all + "): every member's "
          + "peer URLs, in --listen-peer-urls, --initial-advertise-peer-urls and --initial-cluster, "
          + "must use the same scheme");
    }
    if (!schemes.contains("https")) {
      warnIgnored("peer", config.peerTls().isEmpty());
      return Optional.empty();
    }
    List<URI> urls = new ArrayList<>(config.listenPeerUrls());
    urls.addAll(config.initialAdvertisePeerUrls());
    Optional<TlsCredentials> credentials = TlsCredentialsLoader.load(config.peerTls(), Side.PEER,
        config.dataDir(), urls);
    if (credentials.isEmpty()) {
      URI u = config.listenPeerUrls().get(0);
      throw new IllegalArgumentException("cannot listen on TLS for " + u.getHost() + ":" + u.getPort()
          + ": KeyFile and CertFile are not presented");
    }
    return credentials;
  }

  private static void warnIgnored(String side, boolean nothingGiven) {
    if (!nothingGiven) {
      LOG.warn("the {} URLs are http: the {} TLS settings are ignored", side, side);
    }
  }

  private static boolean isHttps(URI u) {
    return "https".equals(u.getScheme());
  }
}
