package io.cairn.cli;

import com.google.protobuf.ByteString;
import io.cairn.api.Event;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchResponse;
import io.cairn.cli.client.ClientException;
import io.cairn.cli.client.EtcdClient;

/**
 * concurrency's waitDeletes, the queue of mutexes and elections: waits until every key under a
 * prefix created at or before a revision is deleted, newest first, watching each until it goes.
 */
final class DeleteWaiter {
  private final EtcdClient client;
  private final Interrupts interrupts;

  DeleteWaiter(EtcdClient client, Interrupts interrupts) {
    this.client = client;
    this.interrupts = interrupts;
  }

  /** Returns the header of the read that found no such key left. */
  ResponseHeader waitDeletes(ByteString prefix, long maxCreateRevision) throws InterruptedException {
    while (true) {
      interrupts.throwIfFired();
      RangeResponse resp = client.kv().range(RangeRequest.newBuilder()
          .setKey(prefix).setRangeEnd(Keys.prefixEnd(prefix))
          .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.DESCEND)
          .setLimit(1).setMaxCreateRevision(maxCreateRevision).build());
      interrupts.throwIfFired();
      if (resp.getKvsCount() == 0) {
        return resp.getHeader();
      }
      waitDelete(resp.getKvs(0).getKey(), resp.getHeader().getRevision());
    }
  }

  private void waitDelete(ByteString key, long fromRevision) throws InterruptedException {
    WatchCreateRequest create = WatchCreateRequest.newBuilder()
        .setKey(key).setStartRevision(fromRevision).build();
    try (KeyWatch watch = new KeyWatch(client, create, interrupts)) {
      for (WatchResponse r = watch.next(); r != null; r = watch.next()) {
        for (Event ev : r.getEventsList()) {
          if (ev.getType() == Event.EventType.DELETE) {
            return;
          }
        }
      }
      throw new ClientException(watch.error().isEmpty() ? "lost watcher waiting for delete" : watch.error());
    }
  }
}
