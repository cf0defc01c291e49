package io.cairn.server.backend;

import java.nio.charset.StandardCharsets;

/** The backend's key spaces, mirroring etcd's bbolt buckets. */
public enum Bucket {
  KEY("key"),
  META("meta"),
  LEASE("lease"),
  MEMBERS("members"),
  ALARM("alarm"),
  AUTH("auth"),
  AUTH_USERS("authUsers"),
  AUTH_ROLES("authRoles");

  private final String id;

  Bucket(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public byte[] idBytes() {
    return id.getBytes(StandardCharsets.UTF_8);
  }
}
