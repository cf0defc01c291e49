/** The member's metrics, under etcd's names, for /metrics. */
package io.cairn.server.metrics;
