package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RatisMetricRegistriesTest {
  private static final RaftPeerId SELF = RatisRaftNode.peerId(0x2a);
  private static final String MEMBER = SELF + "@group-ABCDEF";

  private final RatisMetricRegistries registries = new RatisMetricRegistries();
  private final Heard heard = new Heard();

  @Test
  void theLogSyncAndTheHeartbeatsOfAListeningMemberAreHeard() {
    RatisMetricRegistries.listen(SELF, heard);
    try {
      registry("log_worker").timer("syncTime").time().stop();
      registry("log_appender").timer(RatisRaftNode.peerId(0xbeef) + "_latency_heartbeat").time()
          .stop();
      // the same names in other components, and the appender's timer of appends, are not heard
      registry("log_appender").timer(RatisRaftNode.peerId(0xbeef) + "_latency").time().stop();
      registry("server").timer("follower_append_entry_latency_heartbeat").time().stop();
      registry("server").timer("syncTime").time().stop();
    } finally {
      RatisMetricRegistries.stopListening(SELF, heard);
    }
    assertThat(heard.syncs).hasSize(1);
    assertThat(heard.heartbeats).containsExactly(0xbeefL);

    registry("log_worker").timer("syncTime").time().stop();
    assertThat(heard.syncs).as("no longer listening").hasSize(1);
  }

  @Test
  void aRegistryLivesUntilEachOfItsCreatorsRemovedIt() {
    MetricRegistryInfo info = info("log_appender");
    RatisMetricRegistry first = registries.create(info);
    first.counter("c").inc();
    RatisMetricRegistry second = registries.create(info);
    assertThat(second).isSameAs(first);
    assertThat(second.counter("c").getCount()).isEqualTo(1);

    assertThat(registries.remove(info)).isFalse();
    assertThat(registries.get(info)).containsSame(first);
    assertThat(registries.remove(info)).isTrue();
    assertThat(registries.get(info)).isEmpty();
  }

  @Test
  void aFsyncOverOneSecondIsWarnedAboutInEtcdsWords() {
    Logger logger = (Logger) LoggerFactory.getLogger(SlowSyncWarning.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      SlowSyncWarning warning = new SlowSyncWarning(heard);
      warning.logSynced(999_000_000L);
      warning.logSynced(1_500_000_000L);
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("slow fdatasync took=1500ms expected-duration=1s");
    assertThat(heard.syncs).containsExactly(999_000_000L, 1_500_000_000L);
  }

  private RatisMetricRegistry registry(String component) {
    return registries.create(info(component));
  }

  private static MetricRegistryInfo info(String component) {
    return new MetricRegistryInfo(MEMBER, "ratis", component, "test");
  }

  private static final class Heard implements RaftTimings {
    final List<Long> syncs = new ArrayList<>();
    final List<Long> heartbeats = new ArrayList<>();

    @Override
    public void logSynced(long nanos) {
      syncs.add(nanos);
    }

    @Override
    public void heartbeatAnswered(long memberId, long nanos) {
      heartbeats.add(memberId);
    }
  }
}
