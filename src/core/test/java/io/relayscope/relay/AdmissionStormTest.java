package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.support.RawHttp;
import io.relayscope.support.ConnectStorm;
import io.relayscope.support.RawWsClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many connects at once (issue #12): the client cap holds, the backlog takes the storm, refusals stay cheap. */
class AdmissionStormTest {
  private static final String REQUEST = "GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  @Test
  void concurrentConnectsNeverAdmitMoreThanMaxClients() throws Exception {
    int max = 5;
    int connects = 60;
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withMaxClients(max)))) {
      int port = relay.core.port();
      ExecutorService pool = Executors.newFixedThreadPool(connects);
      try {
        for (int round = 0; round < 5; round++) {
          var go = new CountDownLatch(1);
          var futures = new ArrayList<Future<RawWsClient>>();
          for (int i = 0; i < connects; i++) {
            futures.add(pool.submit(() -> {
              go.await();
              return RawWsClient.open(port, "/ws/events", "");
            }));
          }
          go.countDown();
          var clients = new ArrayList<RawWsClient>();
          for (var f : futures) clients.add(f.get(60, TimeUnit.SECONDS));
          long admitted = clients.stream().filter(c -> c.responseHead.startsWith("HTTP/1.1 101")).count();
          long refused = clients.stream().filter(c -> c.responseHead.startsWith("HTTP/1.1 503")).count();
          assertThat(admitted).as("round %d: admitted", round).isEqualTo(max);
          assertThat(refused).as("round %d: refused", round).isEqualTo(connects - max);
          await().atMost(Duration.ofSeconds(20)).until(() -> relay.core.snapshot().clients().size() == max);
          for (var c : clients) c.close();
          await().atMost(Duration.ofSeconds(20)).until(() -> relay.core.snapshot().clients().isEmpty());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** 2,000 TCP connects in one burst from one selector: every one gets an answer (101 or 503). */
  @Test
  void aStormOf2000ConnectsIsAnsweredInFull() throws Exception {
    int n = 2000;
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withMaxClients(100)))) {
      long overflowsBefore = ConnectStorm.listenOverflows();
      Map<String, Integer> outcomes = ConnectStorm.run(relay.core.port(), n, Duration.ofSeconds(60));
      // With the library's backlog of 50 the kernel dropped ~1,500 of these SYNs (the clients got in
      // on retransmits, seconds later); with --listen-backlog 1024 it drops none, or a few hundred when
      // the machine is loaded and accepting lags (348 once in a full CI run on JDK 25). The counter is
      // machine-wide, so the bound sits between the two: it still fails for a backlog of 50.
      assertThat(ConnectStorm.listenOverflows() - overflowsBefore).as("kernel ListenOverflows").isLessThan(n / 4);
      assertThat(outcomes.getOrDefault("101", 0)).isEqualTo(100);
      assertThat(outcomes.getOrDefault("503", 0)).isEqualTo(n - 100);
      assertThat(outcomes).containsOnlyKeys("101", "503");
    }
  }

  /** 5,000 refused connects: every one counted in /metrics, the journal gets a bounded handful of facts. */
  @Test
  void refusalsAreCountedExactlyAndJournaledInAggregate() throws Exception {
    int n = 5000;
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withToken("s3cret")))) {
      int port = relay.core.port();
      long factsBefore = relay.core.journal().appended();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      var statuses = new AtomicInteger();
      try {
        var futures = new ArrayList<Future<?>>();
        for (int i = 0; i < n; i++) {
          futures.add(pool.submit(() -> {
            if (RawHttp.exchange(port, REQUEST).status() == 401) statuses.incrementAndGet();
            return null;
          }));
        }
        for (var f : futures) f.get(120, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertThat(statuses.get()).isEqualTo(n);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        var facts = relay.core.journal().recent(100_000, f -> f.kind() == FactKind.CLIENT_REFUSED);
        long counted = facts.stream().mapToLong(f -> ((Number) f.fields().getOrDefault("count", 1)).longValue()).sum();
        assertThat(counted).isEqualTo(n); // nothing lost: individual facts plus the counted summaries
      });
      long facts = relay.core.journal().appended() - factsBefore;
      assertThat(facts).as("journal facts for %d refusals", n).isLessThan(200);
      String metrics = RawHttp.exchange(port, "GET /metrics?token=s3cret HTTP/1.1\r\nHost: x\r\n\r\n").bodyText();
      assertThat(metrics).contains("relayscope_refused_total{status=\"401\"} " + n + "\n");
    }
  }
}
