package io.cairn.server.core.apply;

import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.errors.EtcdError;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmResponse;
import io.cairn.api.AlarmType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** Cluster alarms (NOSPACE, CORRUPT) per member, applied through Raft and kept in the backend. */
public final class Alarms {
  private record Key(long memberId, int type) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compareUnsigned(memberId, o.memberId);
      return c != 0 ? c : Integer.compare(type, o.type);
    }
  }

  private final Set<Key> active = new ConcurrentSkipListSet<>();

  private final Backend backend;

  public Alarms(Backend backend) {
    this.backend = backend;
    reload();
  }

  /** Re-reads the alarms from the backend. */
  public void reload() {
    active.clear();
    backend.forEach(Bucket.ALARM, null, null, (k, v) -> {
      ByteBuffer b = ByteBuffer.wrap(k);
      active.add(new Key(b.getLong(), b.getInt()));
      return true;
    });
  }

  public AlarmResponse apply(AlarmRequest r, BatchTx batch) {
    AlarmResponse.Builder resp = AlarmResponse.newBuilder();
    Key k = new Key(r.getMemberID(), r.getAlarmValue());
    switch (r.getAction()) {
      case GET -> {
        for (Key a : active) {
          if (r.getAlarm() == AlarmType.NONE || a.type == r.getAlarmValue()) {
            resp.addAlarms(member(a));
          }
        }
      }
      case ACTIVATE -> {
        if (r.getAlarm() != AlarmType.NONE && active.add(k)) {
          batch.put(Bucket.ALARM, key(k), new byte[0]);
          resp.addAlarms(member(k));
        }
      }
      case DEACTIVATE -> {
        if (active.remove(k)) {
          batch.delete(Bucket.ALARM, key(k));
          resp.addAlarms(member(k));
        }
      }
      default -> { }
    }
    return resp.build();
  }

  /** Writes other than deletes are refused while a NOSPACE alarm is raised (etcd's quota applier). */
  void checkWritable() {
    for (Key a : active) {
      if (a.type == AlarmType.NOSPACE_VALUE) {
        throw EtcdError.NO_SPACE.exception();
      }
    }
  }

  /**
   * Writes and compactions, deletes included, are refused while a CORRUPT alarm is raised (etcd's
   * corrupt applier); reads are still served.
   */
  void checkNotCorrupt() {
    for (Key a : active) {
      if (a.type == AlarmType.CORRUPT_VALUE) {
        throw EtcdError.CORRUPT.exception();
      }
    }
  }

  /**
   * Alarm names for Status.errors as etcd prints them, the ID in unsigned decimal:
   * "memberID:10276657743932975437 alarm:NOSPACE ".
   */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Key a : active) {
      out.add(String.format("memberID:%s alarm:%s ", Long.toUnsignedString(a.memberId),
          AlarmType.forNumber(a.type)));
    }
    return out;
  }

  public List<AlarmMember> list() {
    List<AlarmMember> out = new ArrayList<>();
    for (Key a : active) {
      out.add(member(a));
    }
    return out;
  }

  private static AlarmMember member(Key k) {
    return AlarmMember.newBuilder().setMemberID(k.memberId).setAlarmValue(k.type).build();
  }

  private static byte[] key(Key k) {
    return ByteBuffer.allocate(12).putLong(k.memberId).putInt(k.type).array();
  }
}
