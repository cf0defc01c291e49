/** etcd's logging flags on logback: level, text or zap's JSON lines, and where they go. */
package io.cairn.server.logging;
