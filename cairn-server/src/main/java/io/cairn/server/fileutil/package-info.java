/** Files written so that they survive a machine crash (etcd's pkg/fileutil). */
package io.cairn.server.fileutil;
