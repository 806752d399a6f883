package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Emission;
import io.relayscope.export.IncidentAnalysis.Run;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The report's figure, drawn for print (Java2D, headless, no JavaFX): a title with the window and
 * date, a time axis, one lane for the engines' events and one per client (LAGGING and NOT READING
 * spans, evictions, closes), incident marks across all lanes, and a legend. Light background whatever the console's
 * theme.
 */
public final class IncidentFigure {
  public static final int WIDTH = 1400;
  static final int MAX_CLIENT_LANES = 40;
  private static final int LEFT = 190;
  private static final int RIGHT = 30;
  private static final int TOP = 86;
  private static final int LANE = 26;
  private static final int AXIS = 34;
  private static final int LEGEND = 64;
  private static final int INCIDENT_LINE = 18;

  static final Color INK = new Color(0x22, 0x26, 0x2e);
  static final Color MUTED = new Color(0x6b, 0x72, 0x80);
  static final Color GRID = new Color(0xe3, 0xe6, 0xea);
  static final Color EVENT = new Color(0x3b, 0x6e, 0xc4);
  static final Color REJECTED = new Color(0xb2, 0x3a, 0xcf);
  static final Color CONNECTED = new Color(0x2e, 0x9e, 0x5b);
  static final Color LAGGING = new Color(0xf0, 0xa2, 0x02);
  static final Color NOT_READING = new Color(0xd6, 0x3c, 0x2f);
  static final Color EVICTED = new Color(0x9b, 0x1c, 0x1c);
  static final Color CLOSED = new Color(0x55, 0x5b, 0x66);
  static final Color RESTART = new Color(0x6d, 0x28, 0xd9);
  /** A client's connected life, under its marks. */
  static final Color LIFE = new Color(0xcf, 0xe8, 0xd8);
  /** The relay's own pauses: a band over every lane, for they were no client's doing. */
  static final Color PAUSED = new Color(0x8a, 0x90, 0x99, 70);
  private static final int LEGEND_ROW = 22;
  private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS z").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter TICK_MS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final IncidentAnalysis a;
  private final List<ClientTimeline> lanes;
  private final int hidden;
  private final long from;
  private final long to;

  private IncidentFigure(IncidentAnalysis a) {
    this.a = a;
    // Clients with something to show first, then the rest, up to the cap.
    var sorted = new ArrayList<>(a.clients());
    sorted.sort(Comparator.comparing((ClientTimeline c) -> !(c.lost() || !c.blocks().isEmpty() || c.missed() > 0)));
    this.lanes = sorted.subList(0, Math.min(sorted.size(), MAX_CLIENT_LANES));
    this.hidden = sorted.size() - lanes.size();
    this.from = a.fromMillis();
    this.to = Math.max(a.toMillis(), a.fromMillis() + 1);
  }

  /** The figure for an analysis. */
  public static BufferedImage draw(IncidentAnalysis a) {
    return new IncidentFigure(a).draw();
  }

  private BufferedImage draw() {
    int laneCount = 1 + lanes.size() + (hidden > 0 ? 1 : 0);
    List<String> incidents = incidentLines(a);
    int legendRows = legendRows();
    int legendHeight = LEGEND + (legendRows - 1) * LEGEND_ROW;
    int height = TOP + laneCount * LANE + AXIS + legendHeight + INCIDENT_LINE * (1 + incidents.size());
    var img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    title(g);
    int lanesBottom = TOP + laneCount * LANE;
    grid(g, lanesBottom);
    int y = TOP;
    ingestLane(g, y);
    y += LANE;
    for (ClientTimeline c : lanes) {
      clientLane(g, c, y);
      y += LANE;
    }
    if (hidden > 0) {
      g.setColor(MUTED);
      g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
      g.drawString("+ " + hidden + " more clients without incident (see the report)", 12, y + 17);
    }
    pauses(g, lanesBottom);
    restarts(g, lanesBottom);
    legend(g, lanesBottom + AXIS);
    incidents(g, incidents, lanesBottom + AXIS + legendHeight);
    g.dispose();
    return img;
  }

  private void title(Graphics2D g) {
    g.setColor(INK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    g.drawString("Relay incident — " + DATE.format(Instant.ofEpochMilli(from)), 12, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(MUTED);
    g.drawString("Window " + CLOCK.format(Instant.ofEpochMilli(from)) + " to " + CLOCK.format(Instant.ofEpochMilli(to))
        + "  ·  " + a.runs().size() + " relay run(s)  ·  " + a.clients().size() + " client(s)", 12, 50);
    g.setColor(INK);
    g.drawString(headline(a), 12, 70);
  }

  /** The title's line of headline figures. */
  static String headline(IncidentAnalysis a) {
    var m = a.metrics();
    return m.events() + " events  ·  " + m.clientsLost() + " client(s) lost  ·  longest behind "
        + MarkdownReport.ms(m.longestBlockMillis()) + (m.longestBlockClient() == null ? "" : " (" + VisibleText.of(m.longestBlockClient()) + ")")
        + "  ·  messages lost " + m.messagesLost() + "  ·  frames dropped with evicted clients " + m.framesDroppedWithEvictedClients();
  }

  /**
   * The analysis's incidents, one line each, as the report and the Timeline list them: "1 incident"
   * then "1  c4 LAGGING → NOT READING from … to … (11.6 s), evicted (4008)".
   */
  public static List<String> incidentLines(IncidentAnalysis a) {
    var out = new ArrayList<String>();
    int n = 0;
    for (ClientIncident i : a.incidents()) out.add(++n + "  " + i.describe("client " + VisibleText.of(i.label())));
    return out;
  }

  private void incidents(Graphics2D g, List<String> lines, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(INK);
    g.drawString(lines.size() + (lines.size() == 1 ? " incident" : " incidents") + (a.relayPauses().isEmpty() ? ""
        : "  ·  relay paused " + a.relayPauses().size() + "× (the relay's, no client's)"), 12, y + 14);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (String line : lines) {
      y += INCIDENT_LINE;
      g.drawString(line, 12, y + 14);
    }
  }

  private void grid(Graphics2D g, int bottom) {
    long step = tickStep(to - from);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (long t = (from / step + 1) * step; t < to; t += step) {
      int x = x(t);
      g.setColor(GRID);
      g.drawLine(x, TOP, x, bottom);
      g.setColor(MUTED);
      g.drawLine(x, bottom, x, bottom + 4);
      String label = (step < 1000 ? TICK_MS : TICK).format(Instant.ofEpochMilli(t));
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, bottom + 17);
    }
    g.setColor(MUTED);
    g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
    g.drawString("time (" + ZoneId.systemDefault().getId() + ")", WIDTH - RIGHT - 120, bottom + 30);
  }

  static long tickStep(long span) {
    long[] steps = {100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
        1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000};
    for (long s : steps) if (span / s <= 10) return s;
    return steps[steps.length - 1];
  }

  private void laneLabel(Graphics2D g, String text, int y, boolean alert) {
    g.setFont(new Font(Font.SANS_SERIF, alert ? Font.BOLD : Font.PLAIN, 12));
    g.setColor(alert ? NOT_READING : INK);
    g.drawString(text, 12, y + 17);
    g.setColor(GRID);
    g.drawLine(LEFT, y + LANE - 1, WIDTH - RIGHT, y + LANE - 1);
  }

  /** A client lane's label. Names come from the journal: drawn raw, a control character is a blank box or nothing. */
  static String laneText(ClientTimeline c) {
    return "client " + VisibleText.of(c.label()) + (c.lost() ? " (lost)" : "");
  }

  private void ingestLane(Graphics2D g, int y) {
    laneLabel(g, "engine events (" + a.metrics().events() + ")", y, false);
    g.setColor(EVENT);
    for (Emission e : a.emissions()) {
      int x = x(e.atMillis());
      g.drawLine(x, y + 6, x, y + LANE - 6);
    }
    g.setColor(REJECTED);
    for (JournalFact f : a.facts()) {
      if (f.kind() == FactKind.INPUT_REJECTED) {
        int x = x(f.atMillis());
        g.fillRect(x - 2, y + LANE - 8, 4, 4);
      }
    }
  }

  private void clientLane(Graphics2D g, ClientTimeline c, int y) {
    laneLabel(g, laneText(c), y, c.lost());
    long start = Math.max(from, c.connectedAtMillis() > 0 ? c.connectedAtMillis() : from);
    long end = Math.min(to, c.endMillis());
    g.setColor(LIFE);
    g.fillRect(x(start), y + 10, Math.max(1, x(end) - x(start)), 6);
    for (Block b : c.blocks()) {
      if (b.endMillis() < from || b.startMillis() > to) continue;
      long stall = b.stalled() ? b.stallStartMillis() : b.endMillis();
      g.setColor(LAGGING);
      g.fillRect(x(b.startMillis()), y + 5, Math.max(2, x(stall) - x(b.startMillis())), LANE - 10);
      if (b.stalled()) {
        g.setColor(NOT_READING);
        g.fillRect(x(stall), y + 5, Math.max(2, x(b.endMillis()) - x(stall)), LANE - 10);
      }
    }
    if (c.connectedAtMillis() >= from && c.connectedAtMillis() < to) {
      g.setColor(CONNECTED);
      int x = x(c.connectedAtMillis());
      g.fillPolygon(new int[] {x, x + 7, x}, new int[] {y + 6, y + 13, y + 20}, 3);
    }
    if (c.evicted() != null && c.evicted().atMillis() >= from && c.evicted().atMillis() < to) cross(g, x(c.evicted().atMillis()), y + 13, EVICTED);
    if (c.pongClosing() != null && c.pongClosing().atMillis() >= from) cross(g, x(c.pongClosing().atMillis()), y + 13, EVICTED);
    if (c.closed() != null && c.closed().atMillis() >= from && c.closed().atMillis() < to) {
      g.setColor(CLOSED);
      int x = x(c.closed().atMillis());
      g.fillRect(x - 1, y + 4, 3, LANE - 8);
    }
  }

  private static void cross(Graphics2D g, int x, int y, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2.5f));
    g.drawLine(x - 5, y - 5, x + 5, y + 5);
    g.drawLine(x - 5, y + 5, x + 5, y - 5);
    g.setStroke(new BasicStroke(1));
  }

  /** Restarts and evictions as vertical marks across the lanes: where to look. */
  /** The relay's own pauses ({@code RELAY_PAUSED}: from {@code since_ms} to the fact), over the client lanes. */
  private void pauses(Graphics2D g, int bottom) {
    g.setColor(PAUSED);
    for (var f : a.relayPauses()) {
      long end = f.atMillis();
      long start = f.fields().get("since_ms") instanceof Number n ? n.longValue() : end;
      if (end < from || start > to) continue;
      int x0 = x(start);
      int x1 = Math.max(x0 + 2, x(end));
      g.fillRect(x0, TOP + LANE, x1 - x0, bottom - TOP - LANE);
    }
  }

  private void restarts(Graphics2D g, int bottom) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
    var dash = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0);
    for (int i = 1; i < a.runs().size(); i++) {
      Run r = a.runs().get(i);
      int x = x(Math.max(from, r.startedAtMillis()));
      g.setColor(RESTART);
      g.setStroke(dash);
      g.drawLine(x, TOP - 6, x, bottom);
      g.setStroke(new BasicStroke(1));
      g.drawString("restart (run " + r.ordinal() + ")", x + 4, TOP - 6);
    }
    for (ClientTimeline c : lanes) {
      if (c.evicted() == null || c.evicted().atMillis() < from || c.evicted().atMillis() >= to) continue;
      int x = x(c.evicted().atMillis());
      g.setColor(new Color(EVICTED.getRed(), EVICTED.getGreen(), EVICTED.getBlue(), 90));
      g.setStroke(dash);
      g.drawLine(x, TOP, x, bottom);
      g.setStroke(new BasicStroke(1));
    }
  }

  /** One entry of the legend: its colour, words and swatch ('l' line, 's' square, 'b' bar, 't' triangle, 'x' cross). */
  private record Key(Color color, String text, char shape) {}

  private static final List<Key> KEYS = List.of(
      new Key(EVENT, "event received", 'l'),
      new Key(REJECTED, "input rejected", 's'),
      new Key(LIFE, "connected", 'b'),
      new Key(CONNECTED, "joined", 't'),
      new Key(LAGGING, ClientWords.LAGGING + " (from the first byte it did not read)", 'b'),
      new Key(NOT_READING, ClientWords.NOT_READING, 'b'),
      new Key(EVICTED, ClientWords.closed(4008) + " / " + ClientWords.closed(4009), 'x'),
      new Key(CLOSED, "closed", 'l'),
      new Key(RESTART, "relay restart", 'l'),
      new Key(new Color(0x8a, 0x90, 0x99), "relay paused (no client blamed)", 'b'));

  /** The legend's words, in order. */
  static List<String> legendLabels() {
    return KEYS.stream().map(Key::text).toList();
  }

  private void legend(Graphics2D g, int y) {
    g.setFont(LEGEND_FONT);
    var fm = g.getFontMetrics();
    int x = 12;
    int row = 0;
    for (Key k : KEYS) {
      // Wrap rather than run off the image's edge.
      if (x > 12 && x + keyWidth(fm, k) > WIDTH - 12) {
        x = 12;
        row++;
      }
      x = key(g, x, y + row * LEGEND_ROW, k.color(), k.text(), k.shape());
    }
    g.setColor(MUTED);
    g.drawString("Relayscope, from the relay's journal. Lanes: " + lanes.size() + " of " + a.clients().size() + " clients.", 12,
        y + 44 + row * LEGEND_ROW);
  }

  /** How many rows the legend takes at {@link #WIDTH}. */
  private static int legendRows() {
    var scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      var fm = scratch.getFontMetrics(LEGEND_FONT);
      int x = 12;
      int rows = 1;
      for (Key k : KEYS) {
        if (x > 12 && x + keyWidth(fm, k) > WIDTH - 12) {
          x = 12;
          rows++;
        }
        x += keyWidth(fm, k);
      }
      return rows;
    } finally {
      scratch.dispose();
    }
  }

  private static int keyWidth(FontMetrics fm, Key k) {
    return 20 + fm.stringWidth(k.text()) + 22;
  }

  private static int key(Graphics2D g, int x, int y, Color color, String text, char shape) {
    g.setColor(color);
    switch (shape) {
      case 'l' -> g.fillRect(x + 5, y + 8, 3, 14);
      case 's' -> g.fillRect(x + 3, y + 12, 6, 6);
      case 't' -> g.fillPolygon(new int[] {x + 2, x + 10, x + 2}, new int[] {y + 8, y + 15, y + 22}, 3);
      case 'x' -> cross(g, x + 6, y + 15, color);
      default -> g.fillRect(x, y + 9, 14, 12);
    }
    g.setColor(INK);
    g.drawString(text, x + 20, y + 20);
    return x + 20 + g.getFontMetrics().stringWidth(text) + 22;
  }

  private int x(long t) {
    double frac = (double) (Math.max(from, Math.min(to, t)) - from) / (to - from);
    return LEFT + (int) Math.round(frac * (WIDTH - LEFT - RIGHT));
  }
}
