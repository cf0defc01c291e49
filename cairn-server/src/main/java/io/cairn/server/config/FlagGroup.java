package io.cairn.server.config;

/** The sections of etcd 3.4's {@code etcd --help}, in its order; HIDDEN flags are parsed, not listed. */
public enum FlagGroup {
  MEMBER("Member"),
  CLUSTERING("Clustering"),
  SECURITY("Security"),
  AUTH("Auth"),
  MONITORING("Profiling and Monitoring"),
  LOGGING("Logging"),
  V2_PROXY("v2 Proxy (to be deprecated in v4)"),
  EXPERIMENTAL("Experimental feature"),
  UNSAFE("Unsafe feature"),
  DEPRECATED("TO BE DEPRECATED"),
  /** Cairn's own flags, after all of etcd's. */
  CAIRN("Cairn (beyond etcd)"),
  HIDDEN("");

  private final String title;

  FlagGroup(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
