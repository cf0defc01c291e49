package io.cairn.cli;

import io.cairn.cli.client.ClientException;
import io.cairn.cli.client.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks etcdctl's TLS setup (transport.TLSInfo.ClientConfig) makes of --cert, --key and
 * --cacert before dialling, with Go's error texts: both of cert and key or neither, each file
 * readable and holding PEM data; {@link io.cairn.cli.client.TlsSettings} then uses them.
 */
final class TlsFiles {
  private TlsFiles() {}

  /** Rejects an empty --cert, --key or --cacert given on the command line (exit 128). */
  static void checkNotEmpty(String cert, String key, String cacert, java.util.Set<String> changed) {
    String[][] flags = {{"cert", cert}, {"key", key}, {"cacert", cacert}};
    for (String[] f : flags) {
      if (f[1].isEmpty() && changed.contains(f[0])) {
        throw badArgs("empty string is passed to --" + f[0] + " option");
      }
    }
  }

  /** The file checks, in etcdctl's order: key pair first, then the CA bundle. */
  static void check(String cert, String key, String cacert) {
    if (!cert.isEmpty() || !key.isEmpty()) {
      if (cert.isEmpty() || key.isEmpty()) {
        throw badArgs("KeyFile and CertFile must both be present[key: " + key + ", cert: " + cert + "]");
      }
      String certPem = read(cert);
      String keyPem = read(key);
      if (!certPem.contains("-----BEGIN")) {
        throw badArgs("tls: failed to find any PEM data in certificate input");
      }
      if (!keyPem.contains("-----BEGIN")) {
        throw badArgs("tls: failed to find any PEM data in key input");
      }
    }
    if (!cacert.isEmpty()) {
      read(cacert);
    }
  }

  /** The settings once their key pair and CA bundle parse and match, as Go's ClientConfig checks. */
  static TlsSettings verified(TlsSettings tls) {
    try {
      tls.verify();
      return tls;
    } catch (ClientException e) {
      throw badArgs(e.getMessage());
    }
  }

  /** ioutil.ReadFile with Go's os.PathError texts. */
  private static String read(String file) {
    Path p = Path.of(file);
    if (Files.isDirectory(p)) {
      throw badArgs("read " + file + ": is a directory");
    }
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    } catch (AccessDeniedException e) {
      throw badArgs("open " + file + ": permission denied");
    } catch (IOException e) {
      throw badArgs("open " + file + ": no such file or directory");
    }
  }

  private static CtlException badArgs(String message) {
    return new CtlException(ExitCodes.BAD_ARGS, message);
  }
}
