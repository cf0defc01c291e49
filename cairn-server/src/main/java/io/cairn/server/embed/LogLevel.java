package io.cairn.server.embed;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** etcd's {@code --log-level} on logback's root logger; panic and fatal log errors only. */
final class LogLevel {
  private LogLevel() {}

  static void apply(String etcdLevel) {
    Level level = switch (etcdLevel) {
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARN;
      default -> Level.ERROR;
    };
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
  }
}
