/** TLS for the client and peer listeners: certificate files, auto-TLS and their SSL contexts. */
package io.cairn.server.tls;
