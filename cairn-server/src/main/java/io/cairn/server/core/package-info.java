/** The server core: proposals, waits, linearizable reads, lease expiry. */
package io.cairn.server.core;
