package io.relayscope.ui.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.relayscope.core.RelayCore;
import io.relayscope.ui.fx.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The selected row in full: an event's JSON exactly as relayed, pretty-printed and copyable, or a
 * rejected input's reason and what the parser said. The bytes come from the relay's replay store
 * (the last {@code --resume-events} events), fetched off the FX thread.
 */
final class EventDetail {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

  private final RelayCore core;
  private final ExecutorService io;
  private final TextArea text = new TextArea();
  private final Label title = new Label("Select a row to see the whole event.");
  private final Button copy = new Button("Copy");
  private final BorderPane root = new BorderPane();
  private LogEntry shown;

  EventDetail(RelayCore core, ExecutorService io) {
    this.core = core;
    this.io = io;
    text.setId("log-detail");
    text.setEditable(false);
    text.getStyleClass().add("log-detail");
    title.setId("log-detail-title");
    title.getStyleClass().add("toolbar-label");
    title.setMinWidth(0);
    copy.setId("log-detail-copy");
    copy.setDisable(true);
    copy.setOnAction(e -> {
      var content = new ClipboardContent();
      content.putString(text.getText());
      Clipboard.getSystemClipboard().setContent(content);
    });
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var bar = new HBox(8, title, spacer, copy);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(2, 8, 2, 8));
    root.setTop(bar);
    root.setCenter(text);
  }

  Node node() {
    return root;
  }

  /** Shows {@code e} (null: nothing selected). FX thread. */
  void show(LogEntry e) {
    shown = e;
    copy.setDisable(e == null);
    if (e == null) {
      title.setText("Select a row to see the whole event.");
      text.clear();
      return;
    }
    switch (e.kind()) {
      case GAP -> {
        title.setText("Gap");
        text.setText(e.summary());
      }
      case REJECTED -> {
        title.setText("Rejected input at " + Format.timeMillis(e.atMillis()) + " — not relayed");
        text.setText(e.summary() + (e.detail() == null ? "" : "\n\n" + e.detail()));
      }
      case EVENT -> {
        title.setText("Event " + Format.count(e.seq()) + " · " + e.type() + " · " + Format.bytes(e.bytes())
            + " · " + Format.timeMillis(e.atMillis()));
        text.setText("Loading…");
        try {
          io.execute(() -> {
            Optional<byte[]> bytes = core.relay().keptEvent(e.seq(), LOOKUP_TIMEOUT);
            String shownText = bytes.map(EventDetail::pretty).orElse("The relay no longer keeps this event's bytes "
                + "(it keeps the last --resume-events events for resuming clients).\n\nSummary: " + e.summary());
            Platform.runLater(() -> {
              if (shown == e) text.setText(shownText);
            });
          });
        } catch (RejectedExecutionException closing) {
          text.setText(e.summary());
        }
      }
    }
  }

  /** The event's JSON, indented; as received if it does not parse (it did, to be relayed). */
  static String pretty(byte[] json) {
    try {
      JsonNode tree = JSON.readTree(json);
      return JSON.writeValueAsString(tree);
    } catch (IOException e) {
      return new String(json, StandardCharsets.UTF_8);
    }
  }

  String text() {
    return text.getText();
  }
}
