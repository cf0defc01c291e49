package io.cairn.bench;

import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * etcd benchmark's lease-keepalive: each client grants one lease (TTL 100 s) before the run, then
 * renews it with clientv3's KeepAliveOnce semantics: a keep-alive stream per request, one request,
 * one response, stream closed. Renewal is answered by the leader without a Raft round in both systems,
 * so this measures the request path and the lessor.
 */
@Command(name = "lease-keepalive", mixinStandardHelpOptions = true,
    description = "Lease keep-alive requests, one lease per client (etcd benchmark lease-keepalive).")
final class LeaseKeepAlive implements Callable<Integer> {
  private static final long TTL_SECONDS = 100;

  @Mixin Main.Common common = new Main.Common();

  @Override
  public Integer call() throws Exception {
    return Main.execute(common, "lease-keepalive", "one lease per client, TTL " + TTL_SECONDS + " s", conns -> {
      long[] leases = new long[common.clients];
      for (int c = 0; c < leases.length; c++) {
        leases[c] = LeaseGrpc.newBlockingStub(conns.channel(c)).withDeadlineAfter(10, TimeUnit.SECONDS)
            .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(TTL_SECONDS).build()).getID();
      }
      return (client, done) -> keepAliveOnce(LeaseGrpc.newStub(conns.channel(client)), leases[client], done);
    });
  }

  private static void keepAliveOnce(LeaseGrpc.LeaseStub stub, long lease, Consumer<Throwable> done) {
    AtomicBoolean answered = new AtomicBoolean();
    AtomicReference<StreamObserver<LeaseKeepAliveRequest>> requests = new AtomicReference<>();
    requests.set(stub.leaseKeepAlive(new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        if (answered.compareAndSet(false, true)) {
          requests.get().onCompleted();
          done.accept(r.getTTL() > 0 ? null : new IllegalStateException("lease " + lease + " not found"));
        }
      }

      @Override
      public void onError(Throwable t) {
        if (answered.compareAndSet(false, true)) {
          done.accept(t);
        }
      }

      @Override
      public void onCompleted() {
        if (answered.compareAndSet(false, true)) {
          done.accept(new IllegalStateException("keep-alive stream ended without a response"));
        }
      }
    }));
    requests.get().onNext(LeaseKeepAliveRequest.newBuilder().setID(lease).build());
  }
}
