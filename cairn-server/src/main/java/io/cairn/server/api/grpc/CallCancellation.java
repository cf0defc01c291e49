package io.cairn.server.api.grpc;

import io.grpc.Context;
import java.util.concurrent.CompletableFuture;

/** The current call's end (client gone, deadline passed, or call over) as a future. */
final class CallCancellation {
  private CallCancellation() {}

  static CompletableFuture<Void> ofCurrentCall() {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Context.current().addListener(ctx -> ended.complete(null), Runnable::run);
    return ended;
  }
}
