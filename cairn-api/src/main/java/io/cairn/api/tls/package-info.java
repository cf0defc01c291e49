/**
 * Reading PEM certificates and private keys the way Go's crypto/tls does, with Go's error texts:
 * one copy for the server's listeners and for cairnctl.
 */
package io.cairn.api.tls;
