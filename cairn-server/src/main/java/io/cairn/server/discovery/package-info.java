/** Bootstrapping the initial cluster from DNS SRV records ({@code --discovery-srv}). */
package io.cairn.server.discovery;
