package io.relayscope.event;

import java.util.Locale;

/** Why an input was not forwarded. The metric label is the lower-case name. */
public enum RejectReason {
  TOO_LARGE("larger than the accepted maximum"),
  NOT_UTF8("not valid UTF-8"),
  NOT_JSON("not valid JSON"),
  NOT_OBJECT("JSON but not an object"),
  TOO_DEEP("JSON nested too deeply"),
  NO_TYPE("no string 'type' or 'event_type'"),
  NAME_TOO_LONG("machine name, type, state or config type longer than the accepted maximum"),
  HANDOFF_FULL("relay hand-off queue full");

  private final String description;

  RejectReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
