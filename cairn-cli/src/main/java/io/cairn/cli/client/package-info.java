/** A thin client over etcd's raw v3 gRPC stubs: one channel per endpoint, deadlines, etcd errors. */
package io.cairn.cli.client;
