package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.KVGrpc;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.cli.print.Out;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run that fills cairnctl's class-data archive ({@code bin/cairnctl} runs it once with
 * {@code -XX:ArchiveClassesAtExit}): a put and a get, each answered by a KV service on a loopback
 * port of this JVM, so the archive holds the classes of a call that succeeds and of printing its
 * answer, not only those of a failed dial. Nothing here serves anything outside that run.
 */
public final class ArchiveTraining {
  private ArchiveTraining() {}

  public static void main(String[] args) throws java.io.IOException {
    // a failed call still archives most classes; the exit code says that one failed
    System.exit(train());
  }

  /** Runs the put and the get; 0 when both succeeded, as cairnctl's exit code. */
  public static int train() throws java.io.IOException {
    Server server = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
        .addService(new AnsweringKv())
        .build()
        .start();
    try {
      Out silent = new Out(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
      String endpoint = "--endpoints=127.0.0.1:" + server.getPort();
      int rc = 0;
      for (List<String> command : List.of(List.of("put", "k", "v"), List.of("get", "k"))) {
        String[] argv = Stream.concat(Stream.of(endpoint), command.stream()).toArray(String[]::new);
        rc |= Main.run(argv, Map.of(), silent);
      }
      return rc;
    } finally {
      server.shutdownNow();
    }
  }

  /** Answers as a member would, with a header and the one key. */
  private static final class AnsweringKv extends KVGrpc.KVImplBase {
    private static final ResponseHeader HEADER = ResponseHeader.newBuilder()
        .setClusterId(1).setMemberId(1).setRevision(2).setRaftTerm(2).build();

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> answer) {
      answer.onNext(PutResponse.newBuilder().setHeader(HEADER).build());
      answer.onCompleted();
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> answer) {
      answer.onNext(RangeResponse.newBuilder().setHeader(HEADER).setCount(1)
          .addKvs(KeyValue.newBuilder().setKey(request.getKey()).setValue(ByteString.copyFromUtf8("v"))
              .setCreateRevision(2).setModRevision(2).setVersion(1))
          .build());
      answer.onCompleted();
    }
  }
}
