/** Thread helpers shared by every layer of the server; depends on nothing else in it. */
package io.cairn.server.concurrent;
