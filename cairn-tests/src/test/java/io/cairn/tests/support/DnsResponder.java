package io.cairn.tests.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A tiny authoritative DNS server for discovery tests: answers UDP queries on 127.0.0.1:53 from a
 * zone in master-file format, read at start. A name with records of another type gets an empty
 * answer (NODATA), an unknown name NXDOMAIN. Runs as its own process in the test's network
 * namespace ({@code ip netns exec NS java ... DnsResponder ZONE}); prints "ready" once bound and
 * ends when its standard input closes, so it never outlives the test.
 */
public final class DnsResponder {
  private final List<Record> zone;

  private DnsResponder(List<Record> zone) {
    this.zone = List.copyOf(zone);
  }

  /**
   * Starts a responder for {@code zone} under {@code launcher} (the test's network namespace) and
   * waits until it serves; closing the process's stdin ends it.
   */
  public static Process launch(List<String> launcher, Path zone, Path log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        DnsResponder.class.getName(), zone.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    java.util.concurrent.CompletableFuture<String> firstLine = OwnThreads.supply("dns-ready", () -> {
      try {
        return new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
            java.nio.charset.StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        return null;
      }
    });
    try {
      if ("ready".equals(firstLine.get(30, java.util.concurrent.TimeUnit.SECONDS))) {
        return p;
      }
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // reported below
    }
    p.destroyForcibly();
    throw new IOException("DNS responder did not start: " + Files.readString(log));
  }

  public static void main(String[] args) throws IOException {
    List<Record> zone = new ArrayList<>();
    try (Master m = new Master(Files.newInputStream(Path.of(args[0])), Name.root, 60)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        zone.add(r);
      }
    }
    DatagramSocket socket = new DatagramSocket(53, InetAddress.getLoopbackAddress());
    Thread stop = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // wait for the test to close our stdin
        }
      } catch (IOException e) {
        // the test is gone
      }
      socket.close();
    });
    stop.setDaemon(true);
    stop.start();
    System.out.println("ready");
    System.out.flush();
    new DnsResponder(zone).serve(socket);
  }

  private void serve(DatagramSocket socket) {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        byte[] answer = answer(query).toWire(512);
        socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
        // a malformed query: ignore it, as a server would
      }
    }
  }

  private Message answer(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    Record question = query.getQuestion();
    if (question == null) {
      response.getHeader().setRcode(Rcode.FORMERR);
      return response;
    }
    response.addRecord(question, Section.QUESTION);
    boolean nameKnown = false;
    for (Record r : zone) {
      if (r.getName().equals(question.getName()) && r.getDClass() == DClass.IN) {
        nameKnown = true;
        if (r.getType() == question.getType()) {
          response.addRecord(r, Section.ANSWER);
        }
      }
    }
    if (!nameKnown) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return response;
  }
}
