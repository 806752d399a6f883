package io.relayscope.event;

/** The result of validating one raw input. */
public sealed interface ParseOutcome {
  record Accepted(EngineEvent event) implements ParseOutcome {}

  record Rejected(RawInput input, RejectReason reason, String detail, String preview) implements ParseOutcome {}
}
