package io.cairn.nemesis.history;

/**
 * What an acknowledged call returned. {@code revision} is the response header's revision;
 * {@code value}/{@code modRevision} the key read (null/0 for none); {@code succeeded} a txn's
 * outcome; {@code deleted} a delete's count; {@code lease}/{@code ttl} a lease call's answer.
 */
public record Result(long revision, String value, long modRevision, boolean succeeded,
    long deleted, long lease, long ttl) {

  public static Result write(long revision) {
    return new Result(revision, null, 0, true, 0, 0, 0);
  }

  public static Result read(long revision, String value, long modRevision) {
    return new Result(revision, value, modRevision, true, 0, 0, 0);
  }

  public static Result txn(long revision, boolean succeeded) {
    return new Result(revision, null, 0, succeeded, 0, 0, 0);
  }

  public static Result delete(long revision, long deleted) {
    return new Result(revision, null, 0, true, deleted, 0, 0);
  }

  public static Result lease(long revision, long lease, long ttl) {
    return new Result(revision, null, 0, true, 0, lease, ttl);
  }
}
