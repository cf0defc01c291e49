/**
 * etcd's auto-compaction ({@code --auto-compaction-mode}, {@code --auto-compaction-retention}): the
 * leader compacts the history older than the retention, by time or by revisions.
 */
package io.cairn.server.compactor;
