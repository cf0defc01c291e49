package io.cairn.bench;

import com.google.protobuf.ByteString;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/** cairn-bench: a load generator for etcd's v3 gRPC API with etcd's `benchmark` tool semantics. */
@Command(name = "cairn-bench", mixinStandardHelpOptions = true, version = "cairn-bench 0.1.0",
    description = "Load generator for etcd's v3 gRPC API (etcd benchmark semantics).",
    subcommands = {Main.Put.class, Main.Range.class, Main.TxnPut.class, TxnMixed.class, WatchLatency.class,
        LeaseKeepAlive.class})
public final class Main {

  public static void main(String[] args) {
    int rc = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    System.exit(rc);
  }

  /** Flags shared by every workload (etcd benchmark's global flags). */
  static final class Common {
    @Option(names = "--endpoints", split = ",", defaultValue = "127.0.0.1:2379",
        description = "gRPC endpoints (host:port or http://host:port), comma separated")
    List<String> endpoints;
    @Option(names = "--conns", defaultValue = "1", description = "number of gRPC connections (channels)")
    int conns;
    @Option(names = "--clients", defaultValue = "1", description = "number of concurrent clients")
    int clients;
    @Option(names = "--total", defaultValue = "0", description = "total number of requests (0: use --duration)")
    long total;
    @Option(names = "--duration", defaultValue = "0",
        description = "run for this many seconds (used when --total is 0)")
    double duration;
    @Option(names = "--rate", defaultValue = "0", description = "maximum requests per second (0: no limit)")
    double rate;
    @Option(names = "--warmup", defaultValue = "0",
        description = "seconds of the same workload before measuring (not counted)")
    double warmup;
    @Option(names = "--target-leader", description = "send all requests to the leader (found via Maintenance.Status)")
    boolean targetLeader;
    @Option(names = "--json", description = "print the result as one JSON line instead of a table")
    boolean json;
    @Option(names = "--cpu-of", split = ",", paramLabel = "NAME=PID",
        description = "also report the CPU per op (utime+stime) of these processes during the measured "
            + "run, and always this tool's own as \"bench\"")
    Map<String, Long> cpuOf = new LinkedHashMap<>();

    void validate() {
      if (total <= 0 && duration <= 0) {
        total = 10_000;
      }
      if (clients < 1 || conns < 1) {
        throw new CommandLine.ParameterException(new CommandLine(new Main()), "--clients and --conns must be >= 1");
      }
    }
  }

  /** Runs warm-up (if any) then the measured run, and prints the result. */
  static int execute(Common c, String workload, String note,
                     java.util.function.Function<Connections, Runner.Op> opFactory) throws Exception {
    c.validate();
    try (Connections conns = Connections.open(c.endpoints, c.conns, c.targetLeader)) {
      Runner.Op op = opFactory.apply(conns);
      if (c.warmup > 0) {
        new Runner(c.clients, 0, c.warmup, c.rate).run(op);
      }
      Runner runner = new Runner(c.clients, c.total, c.total > 0 ? 0 : c.duration, c.rate);
      ProcessCpu cpu = new ProcessCpu(c.cpuOf);
      cpu.start();
      Runner.Outcome o = runner.run(op);
      cpu.stop();
      String n = note;
      if (o.firstError() != null) {
        n = n + (n.isEmpty() ? "" : "; ") + "first error: " + o.firstError();
      }
      Result r = new Result(workload, conns.target, c.conns, c.clients, o.ops(), o.errors(), o.seconds(),
          o.histogram(), n, cpu.jsonPerOp(o.ops()));
      System.out.println(c.json ? r.json() : r.table());
      return o.ops() > 0 ? 0 : 1;
    }
  }

  /** A key of exactly keySize bytes holding n as a zig-zag varint (as Go's binary.PutVarint in etcd's tool). */
  static ByteString key(long n, int keySize) {
    byte[] k = new byte[Math.max(1, keySize)];
    long ux = (n << 1) ^ (n >> 63);
    int i = 0;
    while (ux >= 0x80 && i < k.length) {
      k[i++] = (byte) (ux | 0x80);
      ux >>>= 7;
    }
    if (i < k.length) {
      k[i] = (byte) ux;
    }
    return ByteString.copyFrom(k);
  }

  static ByteString randomBytes(int size) {
    byte[] b = new byte[size];
    ThreadLocalRandom.current().nextBytes(b);
    return ByteString.copyFrom(b);
  }

  /** Key generation shared by put and txn-put. */
  static final class Keys {
    @Option(names = "--key-size", defaultValue = "8", description = "key size in bytes")
    int keySize;
    @Option(names = "--val-size", defaultValue = "8", description = "value size in bytes")
    int valSize;
    @Option(names = "--key-space-size", defaultValue = "1", description = "maximum number of distinct keys")
    int keySpaceSize;
    @Option(names = "--sequential-keys", description = "use sequential keys instead of random ones")
    boolean sequential;
    @Option(names = "--first-key", defaultValue = "0",
        description = "index of the first sequential key (to grow a key space in steps)")
    long firstKey;

    private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();

    long nextIndex() {
      int space = Math.max(1, keySpaceSize);
      return sequential ? (firstKey + seq.getAndIncrement()) % space : ThreadLocalRandom.current().nextInt(space);
    }

    String describe() {
      return "key-size " + keySize + ", val-size " + valSize + ", key-space-size " + keySpaceSize
          + (sequential ? ", sequential keys" : ", random keys");
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Put requests (etcd benchmark put).")
  static final class Put implements Callable<Integer> {
    @Mixin Common common = new Common();
    @Mixin Keys keys = new Keys();

    @Override
    public Integer call() throws Exception {
      ByteString value = randomBytes(keys.valSize);
      return execute(common, "put", keys.describe(), conns -> {
        List<KVGrpc.KVStub> stubs = new ArrayList<>();
        conns.channels.forEach(ch -> stubs.add(KVGrpc.newStub(ch)));
        return (client, done) -> stubs.get(client % stubs.size()).put(
            PutRequest.newBuilder().setKey(key(keys.nextIndex(), keys.keySize)).setValue(value).build(),
            Runner.observer(done));
      });
    }
  }

  enum Consistency { l, s }

  @Command(name = "range", mixinStandardHelpOptions = true,
      description = "Range requests for a key or a key range (etcd benchmark range key [end]).")
  static final class Range implements Callable<Integer> {
    @Mixin Common common = new Common();
    @Parameters(index = "0", description = "key")
    String key;
    @Parameters(index = "1", arity = "0..1", description = "range end (exclusive); '\\0' for from-key")
    String end;
    @Option(names = "--prefix", description = "range over all keys with the prefix `key`")
    boolean prefix;
    @Option(names = "--consistency", defaultValue = "l", description = "l (linearizable) or s (serializable)")
    Consistency consistency;
    @Option(names = "--limit", defaultValue = "0", description = "maximum keys per response")
    long limit;

    @Override
    public Integer call() throws Exception {
      RangeRequest.Builder b = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
          .setSerializable(consistency == Consistency.s).setLimit(limit);
      if (prefix) {
        b.setRangeEnd(prefixEnd(ByteString.copyFromUtf8(key)));
      } else if (end != null) {
        b.setRangeEnd(end.equals("\\0") ? ByteString.copyFrom(new byte[] {0}) : ByteString.copyFromUtf8(end));
      }
      RangeRequest req = b.build();
      String note = "key " + key + (prefix ? " (prefix)" : end != null ? " .. " + end : "")
          + ", consistency " + (consistency == Consistency.s ? "serializable" : "linearizable");
      return execute(common, "range", note, conns -> {
        List<KVGrpc.KVStub> stubs = new ArrayList<>();
        conns.channels.forEach(ch -> stubs.add(KVGrpc.newStub(ch)));
        return (client, done) -> stubs.get(client % stubs.size()).range(req, Runner.observer(done));
      });
    }

    static ByteString prefixEnd(ByteString p) {
      byte[] b = p.toByteArray();
      for (int i = b.length - 1; i >= 0; i--) {
        if ((b[i] & 0xff) != 0xff) {
          b[i]++;
          return ByteString.copyFrom(b, 0, i + 1);
        }
      }
      return ByteString.copyFrom(new byte[] {0});
    }
  }

  @Command(name = "txn-put", mixinStandardHelpOptions = true,
      description = "Txn requests, each with --txn-ops puts and no compares (etcd benchmark txn-put).")
  static final class TxnPut implements Callable<Integer> {
    @Mixin Common common = new Common();
    @Mixin Keys keys = new Keys();
    @Option(names = "--txn-ops", defaultValue = "1", description = "puts per txn (distinct keys)")
    int txnOps;

    @Override
    public Integer call() throws Exception {
      ByteString value = randomBytes(keys.valSize);
      return execute(common, "txn-put", keys.describe() + ", txn-ops " + txnOps, conns -> {
        List<KVGrpc.KVStub> stubs = new ArrayList<>();
        conns.channels.forEach(ch -> stubs.add(KVGrpc.newStub(ch)));
        return (client, done) -> {
          TxnRequest.Builder t = TxnRequest.newBuilder();
          long base = keys.nextIndex();
          for (int i = 0; i < txnOps; i++) {
            t.addSuccess(RequestOp.newBuilder().setRequestPut(
                PutRequest.newBuilder().setKey(key(base * txnOps + i, keys.keySize)).setValue(value)));
          }
          stubs.get(client % stubs.size()).txn(t.build(), Runner.observer(done));
        };
      });
    }
  }
}
