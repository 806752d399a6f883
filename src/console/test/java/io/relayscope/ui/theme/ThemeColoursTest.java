package io.relayscope.ui.theme;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.ui.ConsoleHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * One stylesheet of rules in looked-up colours, the dark theme redefining the colours only; Java
 * code reads the same colours from the scene (a canvas cannot use CSS), so its palette and the
 * stylesheets cannot drift apart unnoticed.
 */
class ThemeColoursTest {
  private static final Pattern DECLARATION = Pattern.compile("(-[a-z-]+[a-z0-9-]*)\\s*:");

  @Test
  void everyColourJavaDrawsWithIsDefinedByBothThemesAndReadsDifferentlyInEach() throws Exception {
    FxToolkit.registerPrimaryStage();
    Map<Theme, Map<ThemeColour, Color>> read = ConsoleHarness.onFx(() -> {
      var colours = new ThemeColours();
      var scene = new Scene(new StackPane(colours.host()));
      var out = new EnumMap<Theme, Map<ThemeColour, Color>>(Theme.class);
      for (Theme theme : Theme.values()) {
        theme.apply(scene);
        colours.refresh();
        var each = new EnumMap<ThemeColour, Color>(ThemeColour.class);
        for (ThemeColour c : ThemeColour.values()) {
          assertThat(colours.resolved(c)).as("%s in the %s theme", c.lookup(), theme).isTrue();
          each.put(c, colours.get(c));
        }
        out.put(theme, each);
      }
      return out;
    });
    for (ThemeColour c : ThemeColour.values()) {
      assertThat(read.get(Theme.DARK).get(c)).as(c.lookup()).isNotEqualTo(read.get(Theme.LIGHT).get(c));
    }
    // The dark background is dark, the light one light.
    assertThat(read.get(Theme.DARK).get(ThemeColour.BG).getBrightness()).isLessThan(0.3);
    assertThat(read.get(Theme.LIGHT).get(ThemeColour.BG).getBrightness()).isGreaterThan(0.9);
  }

  @Test
  void theDarkStylesheetRedefinesTheLightOnesColoursAndHasNoRuleOfItsOwn() throws IOException {
    String dark = withoutComments(resource("relayscope-dark.css"));
    String light = withoutComments(resource("relayscope.css"));
    // One block, for .root: no selector of its own.
    assertThat(dark.strip()).startsWith(".root").containsOnlyOnce("{").containsOnlyOnce("}").endsWith("}");
    Set<String> redefined = names(dark);
    Set<String> defined = names(light.substring(light.indexOf(".root"), light.indexOf('}', light.indexOf(".root"))));
    assertThat(redefined.stream().filter(n -> n.startsWith("-rs-"))).as("Relayscope's colours the dark theme redefines")
        .allMatch(defined::contains);
    assertThat(defined.stream().filter(n -> n.startsWith("-rs-"))).as("every colour of the light theme has a dark value")
        .allMatch(redefined::contains);
  }

  private static Set<String> names(String block) {
    var out = new HashSet<String>();
    Matcher m = DECLARATION.matcher(block);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Theme.class.getResourceAsStream("/io/relayscope/ui/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String withoutComments(String css) {
    return css.replaceAll("(?s)/\\*.*?\\*/", "");
  }
}
