package io.relayscope.ui.timeline;

/**
 * Waits until the live relay's journal on disk holds every fact recorded so far: a live export reads
 * the disk, which the writer fills a round behind the relay.
 */
@FunctionalInterface
public interface JournalSaved {
  /** For a timeline with no live journal to wait for. */
  JournalSaved NONE = timeoutMillis -> true;

  /** True once saved; false if not within {@code timeoutMillis}. */
  boolean await(long timeoutMillis) throws InterruptedException;
}
