/**
 * bbolt database files, the format of etcd's backend and so of its snapshots: one reader shared by
 * the server (importing an etcd snapshot) and cairnctl ({@code snapshot status}).
 */
package io.cairn.bolt;
