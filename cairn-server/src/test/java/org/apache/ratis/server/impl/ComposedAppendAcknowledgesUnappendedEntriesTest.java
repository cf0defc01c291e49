package org.apache.ratis.server.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.junit.jupiter.api.Test;

/**
 * Why Cairn turns off Ratis's {@code raft.server.log.append-entries.compose.enabled} (seed 1011 of
 * the nemesis, docs/reliability.md). With it on, a follower that receives a second append starting
 * at the same index as one still being written (a leader resending from a lowered next index, with
 * more entries than before) skips the second one's log write but completes it as soon as the first
 * write does; the follower then answers success with the second request's last index, so the leader
 * records entries as matched that the follower never wrote. Seen: a follower acknowledged index 21,
 * its log ended at 19, and the leader, whose match index never goes down, sent it heartbeats after
 * 21 for the rest of its term; the follower never caught up, and a leader counting such an
 * acknowledgement towards a commit could commit an entry that only it holds.
 *
 * <p>This test pins the upstream behaviour (it lives in Ratis's package to reach the class): when
 * a Ratis upgrade fixes it, it fails, and the setting can be reconsidered.
 */
class ComposedAppendAcknowledgesUnappendedEntriesTest {

  private static List<LogEntryProto> entries(long term, long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(i -> LogEntryProto.newBuilder().setTerm(term).setIndex(i).build()).toList();
  }

  @Test
  void aLongerResendFromTheSameIndexCompletesWithoutBeingWritten() throws Exception {
    ServerImplUtils.NavigableIndices indices = new ServerImplUtils.NavigableIndices();
    List<Long> written = new ArrayList<>();
    CompletableFuture<Void> slowDisk = new CompletableFuture<>();

    CompletableFuture<Void> first = indices.append(entries(4, 9, 19), batch -> slowDisk
        .thenRun(() -> batch.forEach(e -> written.add(e.getIndex()))));
    CompletableFuture<Void> resend = indices.append(entries(4, 9, 21), batch -> {
      batch.forEach(e -> written.add(e.getIndex()));
      return CompletableFuture.completedFuture(null);
    });
    slowDisk.complete(null);
    first.get(10, TimeUnit.SECONDS);
    resend.get(10, TimeUnit.SECONDS);

    assertThat(resend).as("the resend is reported done").isDone();
    assertThat(written).as("but indexes 20 and 21 were never written")
        .containsExactlyElementsOf(LongStream.rangeClosed(9, 19).boxed().toList());
  }
}
