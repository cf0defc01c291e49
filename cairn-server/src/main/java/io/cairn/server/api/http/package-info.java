/** HTTP endpoints beside gRPC: etcd's metrics listeners ({@code /metrics}, {@code /health}). */
package io.cairn.server.api.http;
