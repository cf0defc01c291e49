/**
 * etcd's lock and election recipes ({@code clientv3/concurrency}) run inside the server, as etcd's
 * v3lock and v3election services run them over an in-process client: keys under a prefix, ordered
 * by create revision, each waiter watching for the deletion of the key before its own.
 */
package io.cairn.server.concurrency;
