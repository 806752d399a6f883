package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.cli.RelayscopeMain;
import io.relayscope.journal.JournalFiles;
import io.relayscope.journal.JournalReader;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports generated from a journal recorded by real relays — two runs in one directory (the same
 * client ids in both), evictions, a keepalive close, an operator's disconnect — checked fact by fact
 * against an independent count from the journal's lines and from what the clients really received.
 */
class IncidentReportFromJournalTest {
  @TempDir static Path tmp;
  static Path dir;
  /** What each recording client received, by "run/client". */
  static final Map<String, Integer> received = new HashMap<>();
  /** Recently closed's dropped count for the clients evicted, by "run/client". */
  static final Map<String, Long> recentlyClosedDropped = new HashMap<>();
  static final List<String> runIds = new ArrayList<>();
  static long start;
  static long end;

  @BeforeAll
  static void recordTwoRuns() throws Exception {
    dir = tmp.resolve("journal");
    start = System.currentTimeMillis();
    // Run 1: c1, c2 healthy; c3 stops reading (evicted); c4 answers no ping (4009); c5 disconnected by hand.
    try (var relay = relay()) {
      runIds.add(relay.core.run().id());
      var c1 = join(relay, RecordingClient.connect(relay.wsUrl()), 1);
      var c2 = join(relay, RecordingClient.connect(relay.wsUrl()), 2);
      var c3 = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 3);
      var c4 = new RecordingClient(relay.wsUrl(), false, Map.of());
      c4.connectBlocking(10, TimeUnit.SECONDS);
      await().atMost(10, TimeUnit.SECONDS).until(() -> !c4.messages.isEmpty());
      var c5 = join(relay, RecordingClient.connect(relay.wsUrl()), 5);
      try (var sender = relay.sender()) {
        for (int i = 1; i <= 40; i++) sender.send(EventSender.numbered(i, 1200));
        for (var c : List.of(c1, c2, c5)) await().atMost(10, TimeUnit.SECONDS).until(() -> c.eventTexts().size() == 40);
        await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().evictions() == 1);
        assertThat(c4.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c4.closeCode).isEqualTo(4009);
        assertThat(relay.core.disconnect("c5", "test: by hand")).isTrue();
        assertThat(c5.closed.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 41; i <= 45; i++) sender.send(EventSender.numbered(i, 300));
      }
      for (var c : List.of(c1, c2)) await().atMost(10, TimeUnit.SECONDS).until(() -> c.eventTexts().size() == 45);
      c1.closeBlocking();
      c2.closeBlocking();
      c3.close();
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().isEmpty());
      String run = runIds.get(0);
      received.put(run + "/c1", c1.eventTexts().size());
      received.put(run + "/c2", c2.eventTexts().size());
      received.put(run + "/c4", c4.eventTexts().size());
      received.put(run + "/c5", c5.eventTexts().size());
      ClientStats closed3 = relay.core.snapshot().closed("c3").orElseThrow();
      recentlyClosedDropped.put(run + "/c3", closed3.dropped());
    }
    // Run 2, same directory: c1 healthy, c2 stops reading and is evicted.
    try (var relay = relay()) {
      runIds.add(relay.core.run().id());
      var c1 = join(relay, RecordingClient.connect(relay.wsUrl()), 1);
      var c2 = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      try (var sender = relay.sender()) {
        for (int i = 1; i <= 40; i++) sender.send(EventSender.numbered(i, 1200));
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> c1.eventTexts().size() == 40);
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().evictions() == 1);
      c1.closeBlocking();
      c2.close();
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().isEmpty());
      received.put(runIds.get(1) + "/c1", c1.eventTexts().size());
      recentlyClosedDropped.put(runIds.get(1) + "/c2", relay.core.snapshot().closed("c2").orElseThrow().dropped());
    }
    end = System.currentTimeMillis() + 1;
    String keep = System.getenv("RELAYSCOPE_KEEP_JOURNAL"); // for measuring exports by hand
    if (keep != null) copy(dir, Path.of(keep));
  }

  private static TestRelay relay() throws Exception {
    return TestRelay.start(c -> c.withJournal(dir, 64L * 1024 * 1024, 8),
        r -> r.withSendTimeout(Duration.ofSeconds(1)).withSocketSendBuffer(4096)
            .withKeepalive(Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(3)));
  }

  private static RecordingClient join(TestRelay relay, RecordingClient c, int n) {
    await().until(() -> relay.core.snapshot().clients().size() >= n);
    return c;
  }

  // --- the independent count: the journal's lines, read with a plain JSON parser -----------

  /** Per "run/client": its close fact, whether evicted, closed for missed pongs or disconnected by hand. */
  record Truth(Map<String, JsonNode> closes, Map<String, Long> due, TreeSet<String> evicted, TreeSet<String> lost, Map<String, Long> events) {}

  static Truth count() throws Exception {
    var json = new ObjectMapper();
    var closes = new LinkedHashMap<String, JsonNode>();
    var due = new HashMap<String, Long>();
    var evicted = new TreeSet<String>();
    var lost = new TreeSet<String>();
    var events = new HashMap<String, Long>();
    var eventSeqs = new HashMap<String, List<Long>>(); // per run, in file order
    for (Path file : JournalFiles.list(dir)) {
      for (String line : Files.readAllLines(file)) {
        JsonNode f = json.readTree(line);
        String run = f.get("run").asText();
        String key = run + "/" + f.get("subject").asText();
        switch (f.get("kind").asText()) {
          case "EVENT_RECEIVED" -> {
            events.merge(run, 1L, Long::sum);
            eventSeqs.computeIfAbsent(run, r -> new ArrayList<>()).add(f.get("fields").get("seq").asLong());
          }
          case "CLIENT_EVICTED" -> {
            evicted.add(key);
            lost.add(key);
          }
          // An operator's disconnect is an action, not a fault: the client is not counted lost (issue #23).
          case "DISCONNECT_REQUESTED" -> { }
          case "PONG_MISSED" -> {
            if (f.get("fields").get("closing").asBoolean()) lost.add(key);
          }
          case "CLIENT_CLOSED" -> {
            closes.put(key, f.get("fields"));
            long from = f.get("fields").get("from_seq").asLong();
            // Due: the events the relay took in after the client's join and before its close.
            due.put(key, eventSeqs.getOrDefault(run, List.of()).stream().filter(s -> s > from).count());
          }
          default -> { }
        }
      }
    }
    return new Truth(closes, due, evicted, lost, events);
  }

  private static IncidentAnalysis analyse(long from, long to) throws Exception {
    return new IncidentExport(JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts(), from, to).analysis();
  }

  private static String key(IncidentAnalysis.ClientTimeline c) {
    return c.key().run() + "/" + c.id();
  }

  @Test
  void reportMatchesTheJournalFactByFact() throws Exception {
    Truth t = count();
    var a = analyse(start, end);
    assertThat(a.runs()).extracting(IncidentAnalysis.Run::id).containsExactlyElementsOf(runIds);
    assertThat(a.metrics().restarts()).isEqualTo(1);
    assertThat(a.metrics().events()).isEqualTo(t.events().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(85);
    // Clients per run: c1 and c2 of run 1 are not c1 and c2 of run 2.
    assertThat(a.clients()).extracting(IncidentReportFromJournalTest::key).containsExactlyInAnyOrderElementsOf(t.closes().keySet());
    assertThat(a.clients()).hasSize(7);
    assertThat(a.clients()).extracting(IncidentAnalysis.ClientTimeline::label).contains("c1@run1", "c2@run1", "c1@run2", "c2@run2");
    assertThat(a.clients().stream().filter(IncidentAnalysis.ClientTimeline::lost).map(IncidentReportFromJournalTest::key))
        .containsExactlyInAnyOrderElementsOf(t.lost());
    assertThat(a.metrics().clientsLost()).isEqualTo(t.lost().size()).isEqualTo(3);

    long droppedEvicted = 0;
    long missed = 0;
    var complete = new TreeSet<String>();
    for (var c : a.clients()) {
      JsonNode close = t.closes().get(key(c));
      long due = t.due().get(key(c));
      long got = close.get("last_seq").asLong() - close.get("from_seq").asLong();
      assertThat(c.shouldHaveGot()).as("due to %s", key(c)).isEqualTo(due);
      assertThat(c.got()).as("delivered to %s", key(c)).isEqualTo(got);
      assertThat(c.missed()).isEqualTo(due - got);
      assertThat(c.droppedFrames()).isEqualTo(close.get("dropped").asLong());
      // What the real clients counted on their side.
      if (received.containsKey(key(c))) assertThat(c.got()).as("received by %s", key(c)).isEqualTo((long) received.get(key(c)));
      if (t.evicted().contains(key(c))) {
        droppedEvicted += close.get("dropped").asLong();
        assertThat(c.droppedFrames()).as("Recently closed for %s", key(c)).isEqualTo(recentlyClosedDropped.get(key(c)));
        assertThat(c.missed()).isPositive();
      }
      missed += due - got;
      if (due == got) complete.add(c.label());
    }
    assertThat(a.metrics().framesDroppedWithEvictedClients()).isEqualTo(droppedEvicted).isPositive();
    assertThat(a.metrics().eventsMissedByClients()).isEqualTo(missed);
    assertThat(a.metrics().messagesLost()).isEqualTo(missed).isPositive();
    assertThat(a.metrics().clientsWithEveryEvent()).containsExactlyInAnyOrderElementsOf(complete).contains("c1@run1", "c2@run1", "c1@run2");

    String md = MarkdownReport.of(a);
    assertThat(md.indexOf("## Summary")).isLessThan(md.indexOf("## Timeline"));
    assertThat(md)
        .contains("The relay restarted: run 1 (" + runIds.get(0) + ") stopped at")
        .contains("run 2 (" + runIds.get(1) + ") started at")
        .contains("**Clients lost**: 3")
        .contains("**Messages lost**: " + missed)
        .contains("**Events queued and dropped with evicted clients**: " + droppedEvicted)
        .contains("Evicted client c3@run1").contains("Evicted client c2@run2")
        .contains("Closed client c4@run1 by keepalive (4009)")
        .contains("An operator disconnected client c5@run1");
    System.out.println(md);
  }

  /** "Their slowest send took …" is the slowest send of the window's own facts, not of the clients' whole lives. */
  @Test
  void theSlowestSendOfHealthyClientsComesFromTheWindowsFacts() throws Exception {
    var loaded = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).plain();
    var sends = loaded.stream().filter(f -> f.kind() == io.relayscope.journal.FactKind.SENDS).toList();
    // The window starts just after the slowest send of all: every later one was faster.
    var slowest = sends.stream().max(java.util.Comparator.comparingDouble(f -> ((Number) f.fields().get("max_latency_ms")).doubleValue())).orElseThrow();
    long from = slowest.atMillis() + 1;
    long to = loaded.stream().mapToLong(f -> f.atMillis()).max().orElseThrow() + 1;
    var a = analyse(from, to);
    var healthy = a.clients().stream().filter(c -> !c.lost() && c.blocks().isEmpty())
        .map(c -> c.key().run() + "/" + c.id()).collect(java.util.stream.Collectors.toSet());
    double truth = sends.stream().filter(f -> f.atMillis() >= from && f.atMillis() < to && healthy.contains(f.run().id() + "/" + f.subject()))
        .mapToDouble(f -> ((Number) f.fields().get("max_latency_ms")).doubleValue()).max().orElse(0);
    assertThat(((Number) slowest.fields().get("max_latency_ms")).doubleValue()).as("the journal has a slower send before the window")
        .isGreaterThan(truth);
    assertThat(a.metrics().slowestHealthySendMillis()).isEqualTo(truth);
  }

  @Test
  void deliveryDoesNotDependOnWhereTheWindowEdgeFalls() throws Exception {
    var whole = analyse(start, end);
    var loaded = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).plain();
    // A window that starts after run 1's clients joined and ends before they closed.
    long firstEvent = loaded.stream().filter(f -> f.kind() == io.relayscope.journal.FactKind.EVENT_RECEIVED).mapToLong(f -> f.atMillis()).min().orElseThrow();
    long firstEviction = loaded.stream().filter(f -> f.kind() == io.relayscope.journal.FactKind.CLIENT_EVICTED).mapToLong(f -> f.atMillis()).min().orElseThrow();
    var narrow = analyse(firstEvent + 1, firstEviction + 1);
    var run1 = whole.clients().stream().filter(c -> c.key().run().equals(runIds.get(0)) && !c.lost()).map(IncidentAnalysis.ClientTimeline::id).toList();
    for (String id : run1) {
      var c = narrow.clients().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
      assertThat(c.receivedEveryEvent()).as("%s in the narrow window", id).isTrue();
    }
    assertThat(narrow.metrics().clientsWithEveryEvent()).contains("c1", "c2");
  }

  @Test
  void consoleAndCommandLineExportTheSameReport(@TempDir Path out) throws Exception {
    long from = start + 500;
    long to = end - 200;
    // The console's path: TimelineView.export runs IncidentExport over the facts it shows (the journal loaded whole).
    var console = new ByteArrayOutputStream();
    new IncidentExport(JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts(), from, to).write(IncidentExport.Format.md, console);
    Path cliFile = out.resolve("cli.md");
    assertThat(RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--from", seconds(from), "--to", seconds(to),
        "-o", cliFile.toString())).isZero();
    assertThat(Files.readString(cliFile)).isEqualTo(console.toString(StandardCharsets.UTF_8));
    for (var format : List.of("json", "csv")) {
      var ui = new ByteArrayOutputStream();
      new IncidentExport(JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts(), from, to)
          .write(IncidentExport.Format.valueOf(format), ui);
      Path f = out.resolve("cli." + format);
      assertThat(RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--from", seconds(from), "--to", seconds(to),
          "--format", format, "-o", f.toString())).isZero();
      assertThat(Files.readString(f)).isEqualTo(ui.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void exportWithoutAWindowWritesTheLastIncidentToANamedFileNotTheTerminal(@TempDir Path out) throws Exception {
    var stdout = new ByteArrayOutputStream();
    var stderr = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    int first;
    int second;
    int all;
    try {
      first = RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--output-dir", out.toString());
      second = RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--output-dir", out.toString());
      all = RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--all", "--format", "csv", "--output-dir", out.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    assertThat(first).isZero();
    assertThat(second).isZero();
    assertThat(all).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    String err = stderr.toString(StandardCharsets.UTF_8);
    assertThat(err).contains("the last incident (1 in the journal)").contains("--all for the whole journal");
    assertThat(err.lines().count()).isLessThan(10);
    try (var files = Files.list(out)) {
      var names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).hasSize(3);
      assertThat(names).allMatch(n -> n.matches("relayscope-incident-\\d{8}T\\d{6}Z-\\d{8}T\\d{6}Z(-2)?\\.(md|csv)"));
      assertThat(names).anyMatch(n -> n.endsWith("-2.md"));
    }
    // Both runs' evictions are less than a minute apart: one incident, across the restart.
    try (var files = Files.list(out)) {
      Path md = files.filter(p -> p.toString().endsWith("Z.md")).findFirst().orElseThrow();
      String report = Files.readString(md);
      assertThat(report).contains("Evicted client c2@run2").contains("Evicted client c3@run1").contains("The relay restarted");
      // The window is closed: it ends with the journal's last fact, not 10 s after the last incident's.
      long lastFact = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).plain().stream().mapToLong(f -> f.atMillis()).max().orElseThrow();
      var window = java.util.regex.Pattern.compile("to (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC").matcher(report);
      assertThat(window.find()).isTrue();
      long end = java.time.LocalDateTime.parse(window.group(1).replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      assertThat(end).isLessThanOrEqualTo(lastFact + 1);
      // And two exports of it are the same, byte for byte.
      try (var again = Files.list(out)) {
        Path secondReport = again.filter(p -> p.toString().endsWith("-2.md")).findFirst().orElseThrow();
        assertThat(Files.readString(secondReport)).isEqualTo(report);
      }
    }
  }

  @Test
  void pngIsAFigureDrawnForTheReport(@TempDir Path out) throws Exception {
    Path png = out.resolve("figure.png");
    assertThat(RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--all", "--format", "png", "-o", png.toString())).isZero();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(IncidentFigure.WIDTH);
    // Title + 1 ingest lane + 7 client lanes + axis + legend + a line per incident (2 or 3: c4 may be flagged before its 4009) and their count.
    assertThat(img.getHeight()).isBetween(86 + 8 * 26 + 2 * 18, 86 + 8 * 26 + 4 * 18 + 150);
    // Below the axis nothing runs off the right edge (the legend's last entry once did): the last 10 columns
    // are background. (The axis's last tick label may reach into them.)
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = img.getWidth() - 10; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        assertThat(rgb == 0xffffff || rgb == (IncidentFigure.LIFE.getRGB() & 0xffffff) || rgb == (IncidentFigure.GRID.getRGB() & 0xffffff)
            || y < 86 + 8 * 26 + 34).as("pixel at %d,%d: %06x", x, y, rgb).isTrue();
      }
    }
    var colours = new HashMap<Integer, Integer>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) colours.merge(img.getRGB(x, y) & 0xffffff, 1, Integer::sum);
    }
    assertThat(colours).containsKeys(IncidentFigure.NOT_READING.getRGB() & 0xffffff, IncidentFigure.EVENT.getRGB() & 0xffffff,
        IncidentFigure.RESTART.getRGB() & 0xffffff, IncidentFigure.INK.getRGB() & 0xffffff);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    for (Path p : JournalFiles.list(from)) Files.copy(p, to.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
