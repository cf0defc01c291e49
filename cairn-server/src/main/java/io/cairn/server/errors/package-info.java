/** etcd's client-visible errors: one table of gRPC code and exact message, shared by every layer. */
package io.cairn.server.errors;
