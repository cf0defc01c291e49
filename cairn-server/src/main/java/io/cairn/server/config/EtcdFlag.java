package io.cairn.server.config;

/**
 * One of etcd 3.4's server flags and what Cairn does with it. A flag Cairn does not implement has
 * a {@code refusal}: the value Cairn's behaviour matches ({@code accepted}) passes, any other value
 * stops the start with a message naming the flag and the reason.
 *
 * @param name        the flag without dashes; {@code ETCD_} + upper snake case is its variable
 * @param group       its section of {@code --help}
 * @param kind        how its value parses
 * @param etcdDefault its default as {@code etcd --help} prints it
 * @param help        etcd's description
 * @param accepted    for a refused flag: the only value accepted (null for an implemented flag)
 * @param refusal     for a refused flag: why, and which issue will implement it
 */
public record EtcdFlag(String name, FlagGroup group, Kind kind, String etcdDefault, String help,
    String accepted, String refusal) {

  /** How a value parses, as Go's flag package parses the flag's type. */
  public enum Kind { BOOL, TEXT, NUMBER, SIGNED_NUMBER, DURATION }

  public boolean implemented() {
    return refusal == null;
  }

  public String envName() {
    return ConfigParser.envName(name);
  }
}
