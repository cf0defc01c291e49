package io.cairn.server.api.http;

import io.cairn.api.AlarmMember;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the /health check asks of a member (etcd's etcdhttp.checkHealth). */
public interface HealthSource {
  /** The cluster's active alarms. */
  List<AlarmMember> alarms();

  /** Whether this member knows a leader. */
  boolean hasLeader();

  /** Completes once a linearizable read could be served: the leader confirmed its leadership. */
  CompletableFuture<Void> linearizableRead();
}
