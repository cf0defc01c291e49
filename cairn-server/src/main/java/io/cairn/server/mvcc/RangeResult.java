package io.cairn.server.mvcc;

import io.cairn.api.KeyValue;
import java.util.List;

/**
 * What a range read found: the key-values (in key order, at most the limit), the number of keys in
 * the range before the limit, and the store's current revision at the time of the read.
 */
public record RangeResult(List<KeyValue> kvs, long count, long revision) {}
