package io.cairn.nemesis;

import io.cairn.nemesis.history.Outcome;
import io.grpc.Status;

/**
 * Which errors prove that a request had no effect. Only refusals etcd returns before proposing
 * (bad arguments, a key or lease that does not exist, too many requests) count as failures;
 * anything else (deadline, unavailable, leader changed, request timed out, connection lost) may
 * have been applied, or may be applied later, so it is indeterminate.
 */
final class Outcomes {
  private Outcomes() {}

  static Outcome of(Throwable t) {
    Status.Code code = Status.fromThrowable(t).getCode();
    switch (code) {
      case INVALID_ARGUMENT:
      case FAILED_PRECONDITION:
      case NOT_FOUND:
      case OUT_OF_RANGE:
      case RESOURCE_EXHAUSTED:
      case PERMISSION_DENIED:
      case UNAUTHENTICATED:
        return Outcome.FAIL;
      default:
        return Outcome.INDETERMINATE;
    }
  }
}
