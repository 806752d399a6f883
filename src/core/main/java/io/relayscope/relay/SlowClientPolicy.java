package io.relayscope.relay;

/** What happens to a client whose frame passes the write deadline. The byte cap always evicts. */
public enum SlowClientPolicy {
  /** Close it with 4008. */
  EVICT,
  /** Keep it, shown NOT READING, for an operator to decide. */
  FLAG
}
