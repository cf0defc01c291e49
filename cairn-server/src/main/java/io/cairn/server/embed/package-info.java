/** Wiring: builds a member from its configuration and serves it. */
package io.cairn.server.embed;
