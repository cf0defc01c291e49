/** Leases: TTLs, attached keys, leader-decided expiry. */
package io.cairn.server.lease;
