/**
 * cairnctl: an etcdctl 3.4 compatible command-line client. One class per etcdctl command group;
 * {@link io.cairn.cli.client} talks gRPC, {@link io.cairn.cli.print} formats responses exactly as
 * etcdctl's simple, json, fields and table printers do.
 */
package io.cairn.cli;
