package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.cli.client.Errors;
import io.cairn.cli.print.Printer;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code watch [options] [key or prefix] [range_end]}: prints events until the server cancels the
 * watch (watch_command.go). Like the Go client it asks for a leader ("hasleader" metadata) and does
 * not show the created notification.
 */
@Command(name = "watch", customSynopsis = "watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]", description = "Watches events stream on keys or prefixes")
public final class WatchCommand implements Runnable {
  private static final Metadata.Key<String> HAS_LEADER =
      Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);

  @Option(names = "--prefix", arity = "0..1", fallbackValue = "true") boolean prefix;
  @Option(names = "--rev", defaultValue = "0") long rev;
  @Option(names = "--prev-kv", arity = "0..1", fallbackValue = "true") boolean prevKv;
  @Option(names = {"-i", "--interactive"}, arity = "0..1", fallbackValue = "true") boolean interactive;
  @Parameters List<String> args = new ArrayList<>();

  private sealed interface Item permits Resp, Failure {}

  private record Resp(WatchResponse r) implements Item {}

  private record Failure(Throwable t) implements Item {}

  @Override
  public void run() {
    String envKey = System.getenv().getOrDefault("ETCDCTL_WATCH_KEY", "");
    String envRange = System.getenv().getOrDefault("ETCDCTL_WATCH_RANGE_END", "");
    if (envKey.isEmpty() && !envRange.isEmpty()) {
      throw new CtlException(ExitCodes.BAD_ARGS, "ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="
          + io.cairn.cli.print.GoFormat.quote(envRange));
    }
    if (interactive) {
      throw new CtlException(ExitCodes.BAD_FEATURE, "interactive watch is not supported by cairnctl yet");
    }
    List<String> watchArgs = new ArrayList<>(args);
    if (!envKey.isEmpty()) {
      if (!watchArgs.isEmpty()) {
        throw new CtlException(ExitCodes.BAD_ARGS, "bad number of arguments (found conflicting environment key)");
      }
      watchArgs.add(envKey);
      if (!envRange.isEmpty()) {
        watchArgs.add(envRange);
      }
    }
    if (watchArgs.isEmpty() || watchArgs.size() > 2) {
      throw new CtlException(ExitCodes.BAD_ARGS, "bad number of arguments");
    }
    Ctl ctl = Main.ctl();
    Printer printer = ctl.printer();
    WatchCreateRequest.Builder create = WatchCreateRequest.newBuilder()
        .setKey(Keys.bytes(watchArgs.get(0))).setStartRevision(rev).setPrevKv(prevKv);
    if (watchArgs.size() == 2) {
      if (prefix) {
        throw new CtlException(ExitCodes.BAD_ARGS, "`range_end` and `--prefix` are mutually exclusive");
      }
      create.setRangeEnd(Keys.bytes(watchArgs.get(1)));
    }
    if (prefix) {
      ByteString key = create.getKey();
      create.setRangeEnd(key.isEmpty() ? Keys.NUL : Keys.prefixEnd(key));
      if (key.isEmpty()) {
        create.setKey(Keys.NUL);
      }
    }
    BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    Metadata md = new Metadata();
    md.put(HAS_LEADER, "true");
    StreamObserver<WatchRequest> requests = ctl.client().watch()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .watch(new StreamObserver<>() {
          @Override
          public void onNext(WatchResponse r) {
            queue.add(new Resp(r));
          }

          @Override
          public void onError(Throwable t) {
            queue.add(new Failure(t));
          }

          @Override
          public void onCompleted() {
            queue.add(new Failure(null));
          }
        });
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
    while (true) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (item instanceof Failure f) {
        if (f.t() != null) {
          ctl.out().errln("watch was canceled (" + Errors.message(f.t()) + ")");
        }
        break;
      }
      WatchResponse r = ((Resp) item).r();
      if (r.getCreated() && !r.getCanceled()) {
        continue;
      }
      if (r.getCanceled()) {
        ctl.out().errln("watch was canceled (" + cancelError(r) + ")");
      }
      boolean progress = r.getEventsCount() == 0 && !r.getCanceled() && !r.getCreated()
          && r.getCompactRevision() == 0 && r.getHeader().getRevision() != 0;
      if (progress) {
        ctl.out().println("progress notify: " + r.getHeader().getRevision());
      }
      printer.watch(r);
      ctl.out().flush();
      if (r.getCanceled()) {
        break;
      }
    }
    requests.onCompleted();
    throw new CtlException(ExitCodes.INTERRUPTED, "watch is canceled by the server");
  }

  /** clientv3's WatchResponse.Err(). */
  private static String cancelError(WatchResponse r) {
    if (r.getCompactRevision() != 0) {
      return "etcdserver: mvcc: required revision has been compacted";
    }
    if (!r.getCancelReason().isEmpty()) {
      String reason = r.getCancelReason();
      return reason.startsWith("etcdserver: ") ? reason
          : "rpc error: code = FailedPrecondition desc = " + reason;
    }
    return "etcdserver: mvcc: required revision is a future revision";
  }
}
