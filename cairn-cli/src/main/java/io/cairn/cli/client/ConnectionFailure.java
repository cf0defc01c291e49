package io.cairn.cli.client;

import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.StatusRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Why a channel could not connect, in grpc-go's words (its "latest balancer error"): the Go client
 * logs it when a call to one member (a direct dial) fails. The reason is asked of the channel with
 * a fail-fast call, which gets the channel's last connection error at once.
 */
final class ConnectionFailure {
  /** Marks the probe call, which the failure log must not report as a failed request. */
  static final CallOptions.Key<Boolean> PROBE = CallOptions.Key.createWithDefault("cairn-probe", false);

  private ConnectionFailure() {}

  static String describe(ManagedChannel ch, String hostPort) {
    try {
      ClientCalls.blockingUnaryCall(ch, MaintenanceGrpc.getStatusMethod(),
          CallOptions.DEFAULT.withOption(PROBE, true).withDeadlineAfter(200, TimeUnit.MILLISECONDS),
          StatusRequest.getDefaultInstance());
      return "connection closed"; // connected after all: the failure was a passing one
    } catch (StatusRuntimeException e) {
      return describe(e.getStatus(), hostPort);
    }
  }

  private static String describe(Status s, String hostPort) {
    for (Throwable t = s.getCause(); t != null; t = t.getCause()) {
      String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof ConnectException || msg.contains("connection refused")) {
        return transport("Error while dialing dial tcp " + resolved(hostPort) + ": connect: connection refused");
      }
      if (t instanceof CertPathBuilderException || msg.contains("unable to find valid certification path")
          || msg.contains("trustanchors parameter must be non-empty")
          || msg.contains("no x509 credentials negotiated")) { // a CA bundle without certificates
        return transport("authentication handshake failed: x509: certificate signed by unknown authority");
      }
      if (t instanceof io.netty.handler.ssl.NotSslRecordException
          || msg.contains("unsupported or unrecognized ssl message")) {
        return transport("authentication handshake failed: tls: first record does not look like a TLS handshake");
      }
      if (t instanceof SSLException && msg.contains("received fatal alert")) {
        // the server refused the handshake (e.g. no client certificate): Go sees the connection end
        return "connection closed";
      }
    }
    if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "context deadline exceeded";
    }
    return "connection closed";
  }

  private static String transport(String desc) {
    return "connection error: desc = \"transport: " + desc.replace("\"", "\\\"") + "\"";
  }

  /** Go names the address it dialled: the host's IP. */
  private static String resolved(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    try {
      String ip = InetAddress.getByName(host.replaceAll("^\\[|\\]$", "")).getHostAddress();
      return (ip.contains(":") ? "[" + ip + "]" : ip) + hostPort.substring(colon);
    } catch (UnknownHostException e) {
      return hostPort;
    }
  }
}
