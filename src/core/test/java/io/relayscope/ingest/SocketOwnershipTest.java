package io.relayscope.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.TestRelay;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The event socket's path is the truth: /health says "bound" only while the path is the socket we
 * bound, and the relay removes only that socket on exit (issue #12, items 1 and 5).
 */
class SocketOwnershipTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anotherSocketAtThePathIsReportedAndLeftInPlaceOnClose() throws Exception {
    var relay = TestRelay.start();
    try (var other = AFUNIXDatagramSocket.newInstance()) {
      other.setDeleteOnClose(false);
      awaitHealthy(relay);
      Files.delete(relay.socket); // unlink, and another process binds the same path at once
      other.bind(AFUNIXSocketAddress.of(relay.socket));
      Object otherInode = inode(relay);

      await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
        var health = relay.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.get("event_socket_bound").asBoolean()).isFalse();
        assertThat(body.get("reasons").toString()).contains("event socket");
      });
      assertThat(relay.core.snapshot().relay().eventSocketBound()).isFalse();

      relay.core.close();
      assertThat(Files.exists(relay.socket, LinkOption.NOFOLLOW_LINKS)).as("the other socket's file").isTrue();
      assertThat(inode(relay)).isEqualTo(otherInode);
    } finally {
      relay.close();
    }
  }

  @Test
  void aRegularFileInPlaceOfTheSocketIsNotBound() throws Exception {
    try (var relay = TestRelay.start()) {
      awaitHealthy(relay);
      Files.delete(relay.socket);
      Files.writeString(relay.socket, "not a socket");
      await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
        var health = relay.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).get("event_socket_bound").asBoolean()).isFalse();
      });
      Files.delete(relay.socket); // cleared: the watch binds it again and health recovers
      awaitHealthy(relay);
      assertThat(Files.exists(relay.socket)).isTrue();
    }
  }

  @Test
  void closeRemovesTheSocketItBound() throws Exception {
    var relay = TestRelay.start();
    try {
      awaitHealthy(relay);
      relay.core.close();
      assertThat(Files.exists(relay.socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
    } finally {
      relay.close();
    }
  }

  private static void awaitHealthy(TestRelay relay) {
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
      var health = relay.get("/health");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.get("status").asText()).isEqualTo("ok");
      assertThat(body.get("event_socket_bound").asBoolean()).isTrue();
    });
  }

  private static Object inode(TestRelay relay) throws Exception {
    return Files.getAttribute(relay.socket, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }
}
