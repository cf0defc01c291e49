package io.cairn.tests.runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command blocks of a markdown runbook, each named by a {@code <!-- step: NAME -->} comment on
 * the line before its {@code ```sh} fence, so that a test runs the document's own commands. The test
 * records which steps it ran; {@link #notRun()} names the rest.
 */
final class Runbook {
  private static final Pattern STEP =
      Pattern.compile("<!-- step: ([a-z0-9-]+) -->\\n```sh\\n(.*?)\\n```", Pattern.DOTALL);

  private final Map<String, String> steps;
  private final Set<String> run = new TreeSet<>();

  private Runbook(Map<String, String> steps) {
    this.steps = steps;
  }

  static Runbook read(Path markdown) throws IOException {
    Map<String, String> steps = new LinkedHashMap<>();
    Matcher m = STEP.matcher(Files.readString(markdown));
    while (m.find()) {
      if (steps.put(m.group(1), m.group(2)) != null) {
        throw new IllegalStateException(markdown + " names two steps " + m.group(1));
      }
    }
    return new Runbook(steps);
  }

  /** The commands of one step, recorded as run. */
  String step(String name) {
    String commands = steps.get(name);
    if (commands == null) {
      throw new IllegalArgumentException("no step " + name + " in the runbook; it has " + steps.keySet());
    }
    run.add(name);
    return commands;
  }

  /** The steps no test has asked for. */
  List<String> notRun() {
    return steps.keySet().stream().filter(s -> !run.contains(s)).toList();
  }
}
