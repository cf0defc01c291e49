package io.cairn.server.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The trust decisions etcd's {@code TLSInfo} makes, as JDK trust managers. */
final class TrustManagers {
  private TrustManagers() {}

  /** Trust in these CA certificates only, or in the JDK's roots when there are none. */
  static X509ExtendedTrustManager trusting(List<X509Certificate> cas) throws GeneralSecurityException {
    KeyStore store = null;
    if (!cas.isEmpty()) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        store.load(null, null);
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException(e);
      }
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("the JDK has no X.509 trust manager");
  }

  /**
   * Accepts every certificate: peer auto-TLS, where etcd encrypts without authenticating (its
   * client skips verification of the self-signed certificates).
   */
  static X509ExtendedTrustManager trustingAll() {
    return new Checking(null, cert -> { });
  }

  /**
   * After {@code delegate} has verified a chain, also requires {@code cn} as the leaf's common name
   * (--peer-cert-allowed-cn; etcd checks it on both ends of a peer connection).
   */
  static X509ExtendedTrustManager requiringCommonName(X509ExtendedTrustManager delegate, String cn) {
    return new Checking(delegate, cert -> {
      if (!cn.equals(commonName(cert))) {
        throw new CertificateException("client certificate authentication failed");
      }
    });
  }

  /**
   * After {@code delegate} has verified a client's chain, refuses a leaf whose serial number these
   * CRLs list, as etcd's listener does (the CRL's own signature is not checked, as in etcd).
   */
  static X509ExtendedTrustManager refusingRevoked(X509ExtendedTrustManager delegate, List<X509CRL> crls) {
    return new Checking(delegate, null) {
      @Override
      void checkClient(X509Certificate leaf) throws CertificateException {
        for (X509CRL crl : crls) {
          if (crl.getRevokedCertificate(leaf.getSerialNumber()) != null) {
            throw new CertificateException(
                "transport: certificate serial " + leaf.getSerialNumber().toString(16) + " revoked");
          }
        }
      }
    };
  }

  /** The subject's common name, or "" without one (the first, as Go's {@code Subject.CommonName}). */
  static String commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // an unreadable subject has no common name we could match
    }
    return "";
  }

  /** A leaf check that may refuse a certificate. */
  private interface LeafCheck {
    void check(X509Certificate leaf) throws CertificateException;
  }

  /**
   * Runs the delegate's verification (none when null) and then a check of the leaf certificate, on
   * both ends unless {@link #checkClient} says otherwise. The engine and socket forms go to the
   * delegate's same forms, so that the JDK's host name verification of servers still happens.
   */
  private static class Checking extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final LeafCheck both;

    Checking(X509ExtendedTrustManager delegate, LeafCheck both) {
      this.delegate = delegate;
      this.both = both;
    }

    void checkClient(X509Certificate leaf) throws CertificateException {
      checkServer(leaf);
    }

    void checkServer(X509Certificate leaf) throws CertificateException {
      if (both != null) {
        both.check(leaf);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (delegate != null) {
        delegate.checkClientTrusted(chain, authType);
      }
      checkClient(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (delegate != null) {
        delegate.checkClientTrusted(chain, authType, socket);
      }
      checkClient(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (delegate != null) {
        delegate.checkClientTrusted(chain, authType, engine);
      }
      checkClient(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType);
      }
      checkServer(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType, socket);
      }
      checkServer(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType, engine);
      }
      checkServer(chain[0]);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
  }
}
