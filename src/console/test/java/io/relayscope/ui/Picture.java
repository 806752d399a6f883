package io.relayscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * A screenshot saved under target/screenshots/ and checked by its pixels: it is the size of what
 * was shot, and the named parts that should carry content (text, lines, marks) have it drawn where
 * they lie. The parts are located in the same FX turn as the snapshot: cells recycle between turns.
 */
public final class Picture {
  /** Luminance apart from a part's own background that counts as drawn: text and lines, in either theme. */
  private static final double CONTRAST = 0.25;
  /** A few characters of text, or a line across a chart, are hundreds of pixels; borders are inset away. */
  private static final int MIN_INK = 40;
  private static final int INSET = 3;

  private final Path file;
  private final BufferedImage image;
  private final Map<String, Bounds> parts;

  private Picture(Path file, BufferedImage image, Map<String, Bounds> parts) {
    this.file = file;
    this.image = image;
    this.parts = parts;
  }

  /** The parts to check, by name: added on the FX thread, while the picture is taken. */
  public static final class Parts {
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    public Parts add(String name, Node node) {
      assertThat(node).as(name).isNotNull();
      nodes.put(name, node);
      return this;
    }

    /** Nodes under {@code root} matching {@code selector} and {@code which}, shown (they and their parents visible). */
    public static List<Node> shown(Node root, String selector, Predicate<Node> which) {
      return root.lookupAll(selector).stream().filter(n -> shown(n) && which.test(n)).toList();
    }

    private static boolean shown(Node n) {
      for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
      return true;
    }
  }

  /** Shoots the whole scene: the picture is as large as the scene. */
  public static Picture take(String name, Scene scene, Consumer<Parts> parts) throws Exception {
    return take(name, null, scene, parts);
  }

  /** Shoots one node: the picture is as large as the node. */
  public static Picture take(String name, Node node, Consumer<Parts> parts) throws Exception {
    return take(name, node, null, parts);
  }

  private static Picture take(String name, Node node, Scene scene, Consumer<Parts> parts) throws Exception {
    record Shot(WritableImage image, double w, double h, Map<String, Bounds> parts) {}
    Shot shot = ConsoleHarness.onFx(() -> {
      var image = node == null ? scene.snapshot(null) : node.snapshot(null, null);
      Bounds origin = node == null ? null : node.localToScene(node.getBoundsInLocal());
      var p = new Parts();
      parts.accept(p);
      var at = new LinkedHashMap<String, Bounds>();
      p.nodes.forEach((k, n) -> {
        Bounds b = n.localToScene(n.getBoundsInLocal());
        at.put(k, origin == null ? b : new BoundingBox(b.getMinX() - origin.getMinX(),
            b.getMinY() - origin.getMinY(), b.getWidth(), b.getHeight()));
      });
      return node == null ? new Shot(image, scene.getWidth(), scene.getHeight(), at)
          : new Shot(image, origin.getWidth(), origin.getHeight(), at);
    });
    Files.createDirectories(ConsoleHarness.SCREENSHOTS);
    Path file = ConsoleHarness.SCREENSHOTS.resolve(name + ".png");
    ImageIO.write(SwingFXUtils.fromFXImage(shot.image(), null), "png", file.toFile());
    var saved = ImageIO.read(file.toFile()); // what is checked is what was saved
    assertThat((double) saved.getWidth()).as("width of %s", file.getFileName()).isCloseTo(shot.w(), within(1.0));
    assertThat((double) saved.getHeight()).as("height of %s", file.getFileName()).isCloseTo(shot.h(), within(1.0));
    return new Picture(file, saved, shot.parts());
  }

  public Path file() {
    return file;
  }

  public Set<String> parts() {
    return parts.keySet();
  }

  /**
   * Pixels within the part (inset past its border) that stand out from its most common colour, its
   * background: 0 where the part is blank, however the rest of the picture looks.
   */
  public int ink(String part) {
    Bounds b = parts.get(part);
    assertThat(b).as("part %s", part).isNotNull();
    int x0 = Math.max(0, (int) Math.ceil(b.getMinX()) + INSET);
    int y0 = Math.max(0, (int) Math.ceil(b.getMinY()) + INSET);
    int x1 = Math.min(image.getWidth(), (int) Math.floor(b.getMaxX()) - INSET);
    int y1 = Math.min(image.getHeight(), (int) Math.floor(b.getMaxY()) - INSET);
    assertThat(x1 > x0 && y1 > y0).as("%s lies within %s (%s)", part, file.getFileName(), b).isTrue();
    var counts = new HashMap<Integer, Integer>();
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
    }
    int background = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    double bg = luminance(background);
    int ink = 0;
    for (var e : counts.entrySet()) {
      if (Math.abs(luminance(e.getKey()) - bg) > CONTRAST) ink += e.getValue();
    }
    return ink;
  }

  /** Asserts every part has content drawn where it lies in the picture. */
  public Picture assertAllDrawn() {
    for (String part : parts.keySet()) {
      assertThat(ink(part)).as("pixels drawn in %s of %s", part, file.getFileName()).isGreaterThanOrEqualTo(MIN_INK);
    }
    return this;
  }

  private static double luminance(int rgb) {
    return (0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff)) / 255.0;
  }
}
