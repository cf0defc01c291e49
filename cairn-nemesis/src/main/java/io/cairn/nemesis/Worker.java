package io.cairn.nemesis;

import io.cairn.nemesis.history.History;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** A client of a run: its id in the history, its own seeded randomness, and what it talks to. */
abstract class Worker implements Runnable {
  final int id;
  final Random random;
  final Cluster cluster;
  final History history;
  final Plant plant;
  final BooleanSupplier running;

  Worker(int id, long seed, Cluster cluster, History history, Plant plant,
      BooleanSupplier running) {
    this.id = id;
    this.random = new Random(seed);
    this.cluster = cluster;
    this.history = history;
    this.plant = plant;
    this.running = running;
  }
}
