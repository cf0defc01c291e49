/** The apply path: committed entries run against MVCC, leases and alarms in one backend batch. */
package io.cairn.server.core.apply;
