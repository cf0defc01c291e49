package io.cairn.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The router's answers as Go's net/http and etcd's access controller write them. */
class HttpRouterTest {
  private static FullHttpResponse ask(HttpRouter router, HttpMethod method, String uri,
      String... headers) {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpObjectAggregator(1 << 20), router);
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
        Unpooled.EMPTY_BUFFER);
    for (int i = 0; i < headers.length; i += 2) {
      req.headers().add(headers[i], headers[i + 1]);
    }
    ch.writeInbound(req);
    ch.runPendingTasks();
    return ch.readOutbound();
  }

  private static HttpRouter router(AccessPolicy access) {
    return new HttpRouter(Map.of("/ok", x -> x.text(200, "fine")), x -> x.text(200, "v3 " + x.path()),
        access, Runnable::run, 1 << 20);
  }

  @Test
  void headersComeInGosOrder() {
    FullHttpResponse r = ask(router(new AccessPolicy(List.of("*"), List.of("*"))), HttpMethod.GET, "/ok");
    assertThat(r.status().code()).isEqualTo(200);
    List<String> names = r.headers().entries().stream().map(Map.Entry::getKey).toList();
    assertThat(names).containsExactly("Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
        "Access-Control-Allow-Origin", "Date", "Content-Length", "Content-Type");
    assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("fine");
  }

  @Test
  void unknownPathsAre404AndV3GoesToTheGateway() {
    HttpRouter router = router(null);
    FullHttpResponse missing = ask(router, HttpMethod.GET, "/nope");
    assertThat(missing.status().code()).isEqualTo(404);
    assertThat(missing.content().toString(StandardCharsets.UTF_8)).isEqualTo("404 page not found\n");
    assertThat(missing.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(ask(router, HttpMethod.POST, "/v3beta/kv/range").content()
        .toString(StandardCharsets.UTF_8)).isEqualTo("v3 /v3beta/kv/range");
  }

  @Test
  void unlistedHostsAreRefusedAndOnlyAllowedOriginsGetCors() {
    HttpRouter router = router(new AccessPolicy(List.of("http://a.example:80"), List.of("localhost")));
    FullHttpResponse refused = ask(router, HttpMethod.GET, "/ok", "Host", "evil.example:2379");
    assertThat(refused.status().code()).isEqualTo(421);
    assertThat(refused.content().toString(StandardCharsets.UTF_8))
        .contains("etcd --host-whitelist \"evil.example\"");
    FullHttpResponse allowed = ask(router, HttpMethod.GET, "/ok", "Host", "localhost:2379",
        "Origin", "http://a.example:80");
    assertThat(allowed.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://a.example:80");
    FullHttpResponse other = ask(router, HttpMethod.GET, "/ok", "Host", "localhost",
        "Origin", "http://b.example:80");
    assertThat(other.headers().contains("Access-Control-Allow-Origin")).isFalse();
    FullHttpResponse preflight = ask(router, HttpMethod.OPTIONS, "/v3/kv/range", "Host", "localhost");
    assertThat(preflight.status().code()).isEqualTo(200);
    assertThat(preflight.headers().contains("Content-Type")).isFalse();
  }
}
