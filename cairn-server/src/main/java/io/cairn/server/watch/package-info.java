/** Watch hub: synced and unsynced watchers fed from the apply path and from MVCC history. */
package io.cairn.server.watch;
