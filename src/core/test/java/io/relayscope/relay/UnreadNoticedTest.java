package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bytes a kernel sample finds unread are evidence against a client only once they have stayed unread
 * for a while: a healthy reader had not yet been scheduled to read what the socket took microseconds
 * before the sample (a probe ping sent in the same monitor pass once made such a reader LAGGING).
 */
class UnreadNoticedTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 10_000 * MS;

  @Test
  void bytesTakenJustBeforeTheSampleAreNotYetEvidence() {
    var writes = new WriteProgress();
    var watch = new ReadingWatch(writes);
    writes.wrote(T0, 1_000); // all read: nothing in the kernel
    watch.kernelSample(1_000, 1_000, new KernelQueues.Queues(0, 0), new KernelQueues.Queues(0, 0), T0 + 10 * MS);
    assertThat(watch.unreadNoticed(0)).isFalse();

    writes.wrote(T0 + 20 * MS, 1_010); // a 10-byte ping, still in the reader's receive queue 50 µs later
    watch.kernelSample(1_010, 1_010, new KernelQueues.Queues(0, 0), new KernelQueues.Queues(0, 10), T0 + 20 * MS + 50_000);
    assertThat(watch.unreadBytes()).isEqualTo(10);
    assertThat(watch.unreadNoticed(0)).isFalse();

    // Still unread a sample later, past the mark: now it says something about the reader.
    watch.kernelSample(1_010, 1_010, new KernelQueues.Queues(0, 0), new KernelQueues.Queues(0, 10),
        T0 + 20 * MS + ReadingWatch.UNREAD_NOTICED_AFTER_NANOS);
    assertThat(watch.unreadNoticed(0)).isTrue();
    // Unless the relay itself was held up since: its age counts from the pause's end.
    assertThat(watch.unreadNoticed(T0 + 100 * MS)).isFalse();
  }

  @Test
  void bytesReadBeforeTheNextSampleClearIt() {
    var writes = new WriteProgress();
    var watch = new ReadingWatch(writes);
    writes.wrote(T0, 500);
    watch.kernelSample(500, 500, new KernelQueues.Queues(0, 0), new KernelQueues.Queues(0, 500), T0 + 200 * MS);
    assertThat(watch.unreadNoticed(0)).isTrue();
    watch.kernelSample(500, 500, new KernelQueues.Queues(0, 0), new KernelQueues.Queues(0, 0), T0 + 350 * MS);
    assertThat(watch.unreadBytes()).isZero();
    assertThat(watch.unreadNoticed(0)).isFalse();
  }
}
