package io.cairn.nemesis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's settings, from bin/nemesis's command line. */
record Options(long seed, int members, long durationSeconds, List<Fault> faults, Plant plant,
    Path dir, int clients) {

  static Options parse(String... args) {
    long seed = System.nanoTime() % 1_000_000;
    int members = 3;
    long duration = 60;
    List<Fault> faults = List.of(Fault.values());
    Plant plant = Plant.NONE;
    Path dir = null;
    int clients = 4;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--members" -> members = Integer.parseInt(args[++i]);
        case "--duration" -> duration = Long.parseLong(args[++i]);
        case "--long" -> duration = 3600;
        case "--faults" -> {
          List<Fault> f = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            if (!s.isBlank()) {
              f.add(Fault.parse(s));
            }
          }
          faults = List.copyOf(f);
        }
        case "--plant" -> plant = Plant.valueOf(args[++i].toUpperCase().replace('-', '_'));
        case "--dir" -> dir = Path.of(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + a + "; usage: "
            + "bin/nemesis [--seed N] [--members 3|5] [--duration S] [--long] [--faults a,b] "
            + "[--plant stale-reads|dropped-keepalives] [--clients N] [--dir D]");
      }
    }
    if (members != 3 && members != 5) {
      throw new IllegalArgumentException("--members must be 3 or 5");
    }
    return new Options(seed, members, duration, faults, plant, dir, clients);
  }

  List<String> asArgs() {
    List<String> a = new ArrayList<>(List.of("--seed", String.valueOf(seed), "--members",
        String.valueOf(members), "--duration", String.valueOf(durationSeconds), "--plant",
        plant.name(), "--clients", String.valueOf(clients), "--faults",
        String.join(",", faults.stream().map(Fault::label).toList())));
    if (dir != null) {
      a.add("--dir");
      a.add(dir.toString());
    }
    return a;
  }
}
