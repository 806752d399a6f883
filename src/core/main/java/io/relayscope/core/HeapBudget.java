package io.relayscope.core;

import java.util.Locale;

/**
 * Whether the heap can hold what the relay's byte bounds let it keep: the resume ring
 * ({@code --resume-bytes}), the hand-off queue ({@code --handoff-bytes}) and the machine table
 * ({@code --machine-table-bytes}), all full at once, plus {@link #RESERVE_BYTES} for the relay's own
 * working set (measured: 44 MB live after 184,000 events, its in-memory journal ring full, no
 * clients). Bounds that cannot fit are refused at start, in one line, rather than found out by an
 * {@code OutOfMemoryError} hours later.
 */
public final class HeapBudget {
  /** The heap kept beyond the bounds: the journal ring, clients' state, buffers, the collector's room. */
  public static final long RESERVE_BYTES = 64L * 1024 * 1024;
  private static final long MIB = 1024 * 1024;

  private HeapBudget() {}

  /** Bytes the bounds may hold together (the resume ring counts only when replay is on). */
  public static long boundsBytes(CoreConfig c) {
    long resume = c.relay().resumeEvents() == 0 ? 0 : c.relay().resumeBytes();
    return resume + c.limits().handoffBytes() + c.limits().machineTableBytes();
  }

  /** Null if the bounds fit {@code maxHeapBytes} ({@code Runtime.maxMemory()}); else the reason, in one line. */
  public static String problem(CoreConfig c, long maxHeapBytes) {
    if (maxHeapBytes == Long.MAX_VALUE) return null; // no limit known
    long need = boundsBytes(c) + RESERVE_BYTES;
    if (need <= maxHeapBytes) return null;
    long resume = c.relay().resumeEvents() == 0 ? 0 : c.relay().resumeBytes();
    return String.format(Locale.ROOT, "the heap cannot hold the relay's bounds: --resume-bytes %d MiB + --handoff-bytes %d MiB"
        + " + --machine-table-bytes %d MiB + %d MiB for the relay itself = %d MiB, but the max heap is %d MiB;"
        + " lower those flags or raise -Xmx to at least %dm", mib(resume), mib(c.limits().handoffBytes()),
        mib(c.limits().machineTableBytes()), RESERVE_BYTES / MIB, mib(need), maxHeapBytes / MIB, mib(need));
  }

  private static long mib(long bytes) {
    return (bytes + MIB - 1) / MIB;
  }
}
