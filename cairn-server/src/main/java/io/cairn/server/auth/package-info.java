/**
 * etcd's v3 auth: users, roles and their key permissions, replicated through the log and kept in
 * the backend in etcd's own format ({@code auth}, {@code authUsers}, {@code authRoles} buckets),
 * simple tokens, and the permission checks every request goes through.
 */
package io.cairn.server.auth;
