package io.relayscope.ui.frame;

import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the operator has selected, shared by the views (FX thread only). */
public final class Selection {
  private final StringProperty machine = new SimpleStringProperty();
  /** The time the operator points at (epoch ms, 0 = none), shared by the timeline and the charts. */
  private final LongProperty timeCursor = new SimpleLongProperty();

  public LongProperty timeCursorProperty() {
    return timeCursor;
  }

  public StringProperty machineProperty() {
    return machine;
  }

  public String machine() {
    return machine.get();
  }
}
