package io.cairn.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * etcd's logging flags on logback: {@code --log-level} (panic and fatal log errors only),
 * {@code --logger} ({@code capnslog}: Cairn's one-line text; {@code zap}: etcd's structured JSON
 * lines, see {@link ZapJsonLayout}) and {@code --log-outputs} ({@code default} and
 * {@code stderr}, {@code stdout}, or files, which zap may combine).
 */
public final class Logging {
  /** The text format of capnslog mode, also the format before the flags are read. */
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %-5level [%thread] %logger{0} %msg%n";

  private Logging() {}

  /** Applies the flags: replaces the root logger's appenders with one per output. */
  public static void apply(String etcdLevel, String logger, List<String> outputs) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = switch (etcdLevel) {
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARN;
      default -> Level.ERROR;
    };
    root.setLevel(level);
    // the libraries log warnings and worse (DefaultLogging); --log-level error hides their warnings
    // too, and debug shows their INFO lines (Ratis's role changes, log appenders, snapshots)
    Level libraries = level.isGreaterOrEqual(Level.WARN) ? level
        : level == Level.DEBUG ? Level.INFO : Level.WARN;
    for (String library : DefaultLogging.LIBRARIES) {
      context.getLogger(library).setLevel(libraries);
    }
    // elections log at INFO unless the flag asks for less: --log-level warn hides them, as etcd's
    Logger elections = context.getLogger(DefaultLogging.ELECTIONS);
    elections.setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
    if (logger.equals("capnslog") && outputs.equals(List.of("default"))) {
      return; // DefaultLogging's stderr appender, as it is
    }
    root.detachAndStopAllAppenders();
    int n = 0;
    for (String output : outputs) {
      OutputStreamAppender<ILoggingEvent> appender;
      if (output.equals("default") || output.equals("stderr") || output.equals("stdout")) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget(output.equals("stdout") ? "System.out" : "System.err");
        appender = console;
      } else {
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setFile(output);
        file.setAppend(true);
        appender = file;
      }
      appender.setContext(context);
      appender.setName("output-" + n++);
      appender.setEncoder(encoder(context, logger));
      appender.start();
      root.addAppender(appender);
    }
  }

  /** The member's ID, on every line from now on (zap's local-member-id field). */
  public static void memberId(long id) {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).putProperty(ZapJsonLayout.MEMBER_PROPERTY,
        String.format("%016x", id));
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String logger) {
    if (logger.equals("zap")) {
      ZapJsonLayout layout = new ZapJsonLayout();
      layout.setContext(context);
      layout.start();
      LayoutWrappingEncoder<ILoggingEvent> e = new LayoutWrappingEncoder<>();
      e.setContext(context);
      e.setLayout(layout);
      e.start();
      return e;
    }
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(context);
    e.setPattern(TEXT_PATTERN);
    e.start();
    return e;
  }
}
