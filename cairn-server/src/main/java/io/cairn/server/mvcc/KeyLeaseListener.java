package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;

/**
 * Told when a write moves a key between leases (0 means none), so the lessor can track which keys a
 * lease must delete. A callback, because the lessor sits beside MVCC, not below it.
 */
@FunctionalInterface
public interface KeyLeaseListener {
  void leaseChanged(ByteString key, long oldLease, long newLease);

  KeyLeaseListener NONE = (key, oldLease, newLease) -> {};
}
