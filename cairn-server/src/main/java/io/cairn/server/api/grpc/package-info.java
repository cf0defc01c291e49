/** etcd's v3 gRPC services: validation and translation onto the server core. */
package io.cairn.server.api.grpc;
