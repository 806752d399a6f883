package io.relayscope.ui.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.Test;

/** Notices come from what really happens on the relay: a stalled client, an eviction, rejections. */
class NotifierTest {
  @Test
  void slowClientEvictionAndRejectedInputRaiseNotices() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(1))))) {
      List<Notifier.Notice> notices = new CopyOnWriteArrayList<>();
      console.window.model().addView(new Notifier(notices::add));

      var stalled = StalledClient.connect(console.relay.core.port());
      try (var sender = console.relay.sender()) {
        sender.send("not json at all".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 300; i++) sender.send(EventSender.numbered(i, 4096));
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> notices.stream().anyMatch(n -> n.kind() == Notifier.Kind.EVICTED));
      assertThat(notices).extracting(Notifier.Notice::kind)
          .contains(Notifier.Kind.SLOW, Notifier.Kind.EVICTED, Notifier.Kind.REJECTING);
      assertThat(notices).filteredOn(n -> n.kind() == Notifier.Kind.EVICTED).first()
          .satisfies(n -> assertThat(n.text()).contains("send deadline passed"));
      assertThat(notices).filteredOn(n -> n.kind() == Notifier.Kind.REJECTING).first()
          .satisfies(n -> assertThat(n.text()).contains("not_json"));

      // The window's own notice bar shows them too.
      await().until(() -> ConsoleHarness.onFx(() -> ((NotificationPane) console.scene().lookup("#notices")).isShowing()));
      console.screenshot("notice");
      stalled.close();
    }
  }

  /** A notice about a client not reading follows its figures while it stays so. */
  @Test
  void aNoticeAboutAClientNotReadingKeepsItsFiguresLive() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(120))
        .withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120))))) {
      List<Notifier.Notice> shown = new CopyOnWriteArrayList<>();
      List<Notifier.Notice> updates = new CopyOnWriteArrayList<>();
      console.window.model().addView(new Notifier(shown::add, updates::add));
      var stalled = StalledClient.connect(console.relay.core.port());
      try (var sender = console.relay.sender()) {
        for (int i = 0; i < 20; i++) sender.send(EventSender.numbered(i, 300));
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> shown.stream().anyMatch(n -> n.text().contains("unread")));
      String client = shown.stream().filter(n -> n.client() != null).findFirst().orElseThrow().client();
      // It follows the client: LAGGING first if the notice came then (0.25 s of evidence), then NOT READING.
      await().atMost(15, TimeUnit.SECONDS).until(() -> updates.size() >= 2
          && updates.get(updates.size() - 1).title().equals("Client " + client + " is NOT READING"));
      assertThat(updates).allSatisfy(n -> {
        assertThat(n.client()).isEqualTo(client);
        assertThat(n.title()).isIn("Client " + client + " is LAGGING", "Client " + client + " is NOT READING");
      });
      assertThat(updates).extracting(Notifier.Notice::text).doesNotHaveDuplicates().allMatch(t -> t.contains("unread"));
      stalled.close();
    }
  }

  /**
   * In the window itself: the bottom notice about a client not reading shows its figures as they
   * move (unread bytes, seconds), frame after frame, as the strip does; not frozen at the first.
   */
  @Test
  void theWindowsNoticeBarShowsTheLiveFigures() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(120))
        .withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120))))) {
      var stalled = StalledClient.connect(console.relay.core.port());
      try (var sender = console.relay.sender()) {
        for (int i = 0; i < 20; i++) sender.send(EventSender.numbered(i, 300));
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> noticeText(console).contains("unread"));
      String first = noticeText(console);
      // Still the same notice, still showing, with other figures, on to NOT READING (a LAGGING notice's
      // figures may move first): the bar's own text, as drawn.
      await().atMost(15, TimeUnit.SECONDS).until(() -> {
        String now = noticeText(console);
        return now.contains("unread") && now.contains("NOT READING") && !now.equals(first) && shownLabel(console).equals(now);
      });
      console.screenshot("notice-live");
      stalled.close();
    }
  }

  /** The notice bar's text while it shows, else "". */
  private static String noticeText(ConsoleHarness console) throws Exception {
    return ConsoleHarness.onFx(() -> {
      var pane = (NotificationPane) console.scene().lookup("#notices");
      return pane.isShowing() && pane.getText() != null ? pane.getText() : "";
    });
  }

  /** What the bar's label draws (the skin's label, not only the pane's property). */
  private static String shownLabel(ConsoleHarness console) throws Exception {
    return ConsoleHarness.onFx(() -> console.scene().getRoot().lookupAll(".notification-bar .label").stream()
        .map(n -> ((Label) n).getText()).filter(t -> t != null && !t.isEmpty()).findFirst().orElse(""));
  }
}
