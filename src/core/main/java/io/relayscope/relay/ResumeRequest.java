package io.relayscope.relay;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a client asked for with {@code ?since=}: relay sequence numbers and, with a position, what
 * it missed. {@code since} is -1 for "numbers from now"; {@code run} is the relay run the position
 * belongs to (from the markers it saw); {@code error} says why a {@code since} could not be read.
 */
record ResumeRequest(long since, String run, String error) {
  static final long FROM_NOW = -1;

  /** Null when the request does not opt in (upstream clients): they see exactly upstream's stream. */
  static ResumeRequest parse(String resource) {
    int q = resource.indexOf('?');
    if (q < 0) return null;
    String since = null;
    String run = null;
    for (String pair : resource.substring(q + 1).split("&")) {
      if (pair.equals("since")) since = "";
      else if (pair.startsWith("since=")) since = decode(pair.substring(6));
      else if (pair.startsWith("run=")) run = decode(pair.substring(4));
    }
    if (since == null) return null;
    if (since.isEmpty()) return new ResumeRequest(FROM_NOW, run, null);
    try {
      long n = Long.parseLong(since);
      if (n >= 0) return new ResumeRequest(n, run, null);
    } catch (NumberFormatException e) {
      // below
    }
    String shown = since.length() > 40 ? since.substring(0, 40) + "…" : since;
    return new ResumeRequest(FROM_NOW, run,
        "since must be a relay sequence number (0 or more) from a relay_seq marker, got '" + shown + "'");
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** True when the client named a position to resume from. */
  boolean hasPosition() {
    return since >= 0;
  }
}
