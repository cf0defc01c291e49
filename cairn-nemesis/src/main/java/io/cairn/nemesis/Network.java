package io.cairn.nemesis;

import java.io.IOException;
import java.util.List;

/**
 * Partitions with iptables inside the run's own network namespace, so no rule outlives it or
 * touches the host. On loopback the kernel picks the source address from the destination's route
 * (a packet to 127.0.1.2 leaves from 127.0.0.1 or 127.0.1.2, whoever sends it), so a rule cannot
 * tell members apart by {@code -s}. Each member therefore runs as its own user, and a rule drops
 * what that user's process sends to another member's address ({@code -m owner --uid-owner U
 * -d 127.0.1.N}). Clients run as root and reach every member, as clients on both sides of a real
 * partition would.
 */
final class Network {
  private final Cluster cluster;

  Network(Cluster cluster) {
    this.cluster = cluster;
  }

  /** Drops everything member {@code from} sends to member {@code to} (a one-way partition). */
  void drop(int from, int to) throws IOException {
    Shell.exec("iptables", "-w", "-A", "OUTPUT", "-m", "owner", "--uid-owner",
        String.valueOf(cluster.uid(from)), "-d", cluster.host(to), "-j", "DROP");
  }

  /** Cuts every link between the two sides, both ways. */
  void partition(List<Integer> side, List<Integer> other) throws IOException {
    for (int a : side) {
      for (int b : other) {
        drop(a, b);
        drop(b, a);
      }
    }
  }

  void heal() {
    Shell.quietly("iptables", "-w", "-F", "OUTPUT");
  }
}
