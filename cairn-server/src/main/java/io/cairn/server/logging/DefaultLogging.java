package io.cairn.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The logging a member has before its flags are read (logback finds it through
 * {@code META-INF/services}): Cairn's one-line text on stderr, Ratis, gRPC and Netty at WARN, and
 * java.util.logging routed into it. In
 * code rather than a logback.xml, which made logback load its XML configurator and parser at every
 * start (about 600 classes, a tenth of a second and more of a member's start-up).
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
  /** Libraries whose INFO lines are their own business: warnings and errors only. */
  static final List<String> LIBRARIES = List.of("org.apache.ratis", "io.grpc", "io.netty");
  /** Ratis's election rounds, logged at INFO while the rest of Ratis logs at WARN. */
  static final String ELECTIONS = "org.apache.ratis.server.impl.LeaderElection";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(Logging.TEXT_PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    for (String library : LIBRARIES) {
      context.getLogger(library).setLevel(Level.WARN);
    }
    // elections, as etcd logs them: each round's term, configuration, votes and result (a few lines
    // per election; what diagnosing an election that never ends needs)
    context.getLogger(ELECTIONS).setLevel(Level.INFO);
    // gRPC (grpc-java's and the copy inside Ratis) logs through java.util.logging, whose console
    // handler printed its own two-line format on stderr, past --logger zap's JSON and past these
    // levels; routed here, its lines take the member's format and levels
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
