/**
 * HTTP beside gRPC, as etcd serves it: {@link io.cairn.server.api.http.SharedPortNegotiator}
 * splits a client URL's connections between gRPC and HTTP/1.1; {@link
 * io.cairn.server.api.http.HttpRouter} serves the health, metrics and version endpoints and the
 * {@code /v3} JSON gateway; {@link io.cairn.server.api.http.MetricsHttpServer} is
 * {@code --listen-metrics-urls}.
 */
package io.cairn.server.api.http;
