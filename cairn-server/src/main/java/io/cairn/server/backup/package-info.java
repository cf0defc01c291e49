/** Scheduled backups taken by the server itself, in etcd's snapshot format (beyond etcd). */
package io.cairn.server.backup;
