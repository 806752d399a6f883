package io.relayscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The window fits the screen on a first start and comes back where it was left. */
class WindowPlacementTest {
  private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1280, 690); // 1280x720 less a panel
  private static final Rectangle2D FULL_HD = new Rectangle2D(0, 0, 1920, 1050);

  @Test
  void firstStartOnA1280x720ScreenFitsItWhole() {
    Rectangle2D r = WindowPlacement.place(null, List.of(LAPTOP), LAPTOP);
    assertThat(LAPTOP.contains(r)).isTrue();
    assertThat(r.getWidth()).isEqualTo(1280);
    assertThat(r.getHeight()).isEqualTo(690);
  }

  @Test
  void firstStartOnALargeScreenIsTheDefaultSizeCentred() {
    Rectangle2D r = WindowPlacement.place(null, List.of(FULL_HD), FULL_HD);
    assertThat(r.getWidth()).isEqualTo(1440);
    assertThat(r.getHeight()).isEqualTo(900);
    assertThat(r.getMinX()).isEqualTo(240);
  }

  @Test
  void aSavedPlaceOnScreenIsKeptOneOffScreenIsNot() {
    var saved = new Rectangle2D(100, 50, 1700, 950);
    assertThat(WindowPlacement.place(saved, List.of(FULL_HD), FULL_HD)).isEqualTo(saved);
    // Saved on a 1080p monitor, started on the laptop: fit the laptop instead.
    Rectangle2D r = WindowPlacement.place(saved, List.of(LAPTOP), LAPTOP);
    assertThat(LAPTOP.contains(r)).isTrue();
  }

  private static final Rectangle2D UHD = new Rectangle2D(0, 0, 3840, 2120); // 3840x2160 less a panel

  @Test
  void aPlaceLeftOnAnotherScreenSizeOrTooSmallIsDropped() {
    // Left at 1440x900 on a 1080p monitor, started on a 4K one: the default for 4K instead, scaled.
    var saved = new Rectangle2D(100, 50, 1440, 900);
    Rectangle2D r = WindowPlacement.place(saved, FULL_HD, List.of(UHD), UHD);
    assertThat(r.getWidth()).isEqualTo(2880);
    assertThat(r.getHeight()).isEqualTo(1800);
    // Saved without its screen's size (older preferences): too small for a 4K screen all the same.
    assertThat(WindowPlacement.place(saved, List.of(UHD), UHD).getWidth()).isEqualTo(2880);
    // On the screen it was left on, kept; a 700x450 window is dropped anywhere.
    assertThat(WindowPlacement.place(saved, FULL_HD, List.of(FULL_HD), FULL_HD)).isEqualTo(saved);
    assertThat(WindowPlacement.place(new Rectangle2D(10, 10, 700, 450), FULL_HD, List.of(FULL_HD), FULL_HD).getWidth()).isEqualTo(1440);
  }
}
