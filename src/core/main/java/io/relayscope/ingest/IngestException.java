package io.relayscope.ingest;

/** Ingest could not start; the message is one line an operator can act on. */
public final class IngestException extends Exception {
  private static final long serialVersionUID = 1L;

  public IngestException(String message) {
    super(message);
  }

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
