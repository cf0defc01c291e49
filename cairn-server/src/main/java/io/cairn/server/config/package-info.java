/** Member configuration: etcd's flags, ETCD_* environment variables and defaults. */
package io.cairn.server.config;
