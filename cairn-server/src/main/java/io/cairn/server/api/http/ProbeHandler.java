package io.cairn.server.api.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * etcd 3.5's {@code /livez} and {@code /readyz} (Kubernetes-style probes): named checks, each
 * skippable with {@code ?exclude=NAME}; {@code ok} when all pass, with {@code ?verbose} one
 * {@code [+]name ok} line per check; 503 listing the checks ({@code [-]name failed: reason
 * withheld}, the reason shown with {@code ?verbose}) when one fails.
 */
final class ProbeHandler implements HttpRouter.Handler {
  /** A check: null when it passes, else why not. */
  interface Check extends Supplier<String> {}

  private final String path;
  private final Map<String, Check> checks;

  ProbeHandler(String path, Map<String, Check> checks) {
    this.path = path;
    this.checks = new LinkedHashMap<>(checks);
  }

  /** How long a read check waits, as etcd's health checks (a second). */
  private static final long READ_TIMEOUT_MS = 1000;

  /** A check that fails when {@code read} does not complete within a second (also /health's). */
  static Check completes(Supplier<java.util.concurrent.CompletableFuture<Void>> read) {
    return () -> {
      try {
        read.get().get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      } catch (java.util.concurrent.ExecutionException e) {
        return String.valueOf(e.getCause().getMessage());
      } catch (java.util.concurrent.TimeoutException e) {
        return "context deadline exceeded";
      } catch (RuntimeException e) { // a read refused at once, or cancelled
        return e.toString();
      }
    };
  }

  @Override
  public void handle(HttpExchange x) {
    if (x.refuseMethodOtherThan("GET")) {
      return;
    }
    boolean verbose = x.hasQuery("verbose");
    Set<String> excluded = new HashSet<>(x.query("exclude"));
    StringBuilder out = new StringBuilder();
    List<String> failed = new ArrayList<>();
    checks.forEach((name, check) -> {
      if (excluded.contains(name)) {
        out.append("[+]").append(name).append(" excluded: ok\n");
        return;
      }
      String why = check.get();
      if (why == null) {
        out.append("[+]").append(name).append(" ok\n");
      } else {
        failed.add(name);
        out.append("[-]").append(name).append(" failed: ")
            .append(verbose ? why : "reason withheld").append('\n');
      }
    });
    if (!failed.isEmpty()) {
      x.goError(503, out + path + " check failed");
    } else {
      // etcd 3.5 sets the type of these itself
      x.respond(200, "text/plain; charset=utf-8", (verbose ? out + path + " check passed\n" : "ok")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("X-Content-Type-Options", "nosniff"));
    }
  }
}
