package io.relayscope.ui;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the operator has selected, shared by the views (FX thread only). */
public final class Selection {
  private final StringProperty machine = new SimpleStringProperty();

  public StringProperty machineProperty() {
    return machine;
  }

  public String machine() {
    return machine.get();
  }
}
