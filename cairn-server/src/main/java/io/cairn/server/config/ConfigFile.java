package io.cairn.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * etcd's YAML configuration file ({@code --config-file}), read into flag values: its keys are the
 * flags' names (etcd's {@code embed.Config} JSON tags), except the TLS settings, which sit in
 * {@code client-transport-security} and {@code peer-transport-security} blocks. Lists (for example
 * {@code cipher-suites}, {@code log-outputs}) become comma-separated values; a duration given as a
 * number is nanoseconds, as Go's JSON decoding reads it. A key without a value means the default.
 * Unlike etcd, which drops keys it does not know, an unknown key is an error naming it.
 */
final class ConfigFile {
  private static final Map<String, String> CLIENT_SECURITY = Map.of(
      "cert-file", "cert-file", "key-file", "key-file", "client-cert-auth", "client-cert-auth",
      "trusted-ca-file", "trusted-ca-file", "auto-tls", "auto-tls", "crl-file", "client-crl-file",
      "allowed-hostname", "client-cert-allowed-hostname");
  private static final Map<String, String> PEER_SECURITY = Map.of(
      "cert-file", "peer-cert-file", "key-file", "peer-key-file", "client-cert-auth",
      "peer-client-cert-auth", "trusted-ca-file", "peer-trusted-ca-file", "auto-tls", "peer-auto-tls",
      "crl-file", "peer-crl-file", "allowed-cn", "peer-cert-allowed-cn", "allowed-hostname",
      "peer-cert-allowed-hostname");

  private ConfigFile() {}

  /** The file's settings as flag name → value; an unreadable file or bad YAML is an error. */
  static Map<String, String> read(Path file) {
    Object doc;
    try (Reader r = Files.newBufferedReader(file)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --config-file " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("--config-file " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (doc == null) {
      return settings;
    }
    if (!(doc instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException("--config-file " + file + ": expected a mapping of settings");
    }
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String key = String.valueOf(e.getKey());
      Object value = e.getValue();
      switch (key) {
        case "client-transport-security" -> block(file, key, value, CLIENT_SECURITY, settings);
        case "peer-transport-security" -> block(file, key, value, PEER_SECURITY, settings);
        default -> {
          EtcdFlag flag = EtcdFlags.byName(key).orElseThrow(() -> new IllegalArgumentException(
              "--config-file " + file + ": unknown setting \"" + key + "\""));
          put(flag, value, settings);
        }
      }
    }
    return settings;
  }

  private static void block(Path file, String blockName, Object value, Map<String, String> keys,
      Map<String, String> settings) {
    if (value == null) {
      return;
    }
    if (!(value instanceof Map<?, ?> block)) {
      throw new IllegalArgumentException("--config-file " + file + ": " + blockName + " must be a mapping");
    }
    for (Map.Entry<?, ?> e : block.entrySet()) {
      String key = String.valueOf(e.getKey());
      String flagName = keys.get(key);
      if (flagName == null) {
        throw new IllegalArgumentException("--config-file " + file + ": unknown setting \"" + key
            + "\" in " + blockName);
      }
      put(EtcdFlags.byName(flagName).orElseThrow(), e.getValue(), settings);
    }
  }

  private static void put(EtcdFlag flag, Object value, Map<String, String> settings) {
    if (value == null) {
      return;
    }
    String text;
    if (value instanceof List<?> list) {
      text = list.stream().map(String::valueOf).collect(Collectors.joining(","));
    } else if (flag.kind() == EtcdFlag.Kind.DURATION && value instanceof Number n) {
      text = n.longValue() + "ns";
    } else {
      text = String.valueOf(value);
    }
    settings.put(flag.name(), text);
  }
}
