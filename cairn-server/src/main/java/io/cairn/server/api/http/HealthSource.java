package io.cairn.server.api.http;

import io.cairn.api.AlarmMember;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the health endpoints ask of a member (etcd's etcdhttp health checks). */
public interface HealthSource {
  /** The cluster's active alarms. */
  List<AlarmMember> alarms();

  /** Whether this member knows a leader. */
  boolean hasLeader();

  /** Completes once a linearizable read could be served: the leader confirmed its leadership. */
  CompletableFuture<Void> linearizableRead();

  /** Completes once this member's own state could be read (a serializable read). */
  CompletableFuture<Void> serializableRead();
}
