package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each read of /proc/net/tcp or tcp6 walks the kernel's whole connection table: a sample reads only
 * the file that held what the last one was asked for, and the other the moment a connection is not
 * found there — never a sample without a connection that is in the files.
 */
class KernelQueuesTest {
  private static final String HEAD = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  private static final String V4 = "0100007F";
  private static final String V6 = "0000000000000000FFFF00000100007F";

  @TempDir Path proc;

  private static String line(String address, int local, int remote, String state, long tx, long rx) {
    return String.format("   0: %s:%04X %s:%04X %s %08X:%08X 00:00000000 00000000  1000        0 1 1 0 20 4 30 10 -1%n",
        address, local, address, remote, state, tx, rx);
  }

  @Test
  void aSampleReadsTheFileThatHeldItsConnectionsAndTheOtherOnlyWhenOneIsMissing() throws Exception {
    Files.writeString(proc.resolve("tcp"), HEAD + line(V4, 8080, 50000, "01", 0x10, 0));
    Files.writeString(proc.resolve("tcp6"), HEAD + line(V6, 8080, 50001, "01", 0x20, 0) + line(V6, 50001, 8080, "01", 0, 5));
    var kernel = new KernelQueues(proc);

    var first = kernel.sample();
    assertThat(kernel.fileReads()).as("the first sample reads both").isEqualTo(2);
    assertThat(first.find(8080, 50001).sendQueue()).isEqualTo(0x20);
    assertThat(first.find(50001, 8080).receiveQueue()).isEqualTo(5);

    Files.writeString(proc.resolve("tcp6"), HEAD + line(V6, 8080, 50001, "01", 0x30, 0));
    var second = kernel.sample();
    assertThat(kernel.fileReads()).as("only tcp6 held what was asked for").isEqualTo(3);
    assertThat(second.find(8080, 50001).sendQueue()).isEqualTo(0x30);
    assertThat(kernel.fileReads()).isEqualTo(3);
    // A connection in the file not read: found all the same, read then.
    assertThat(second.find(8080, 50000).sendQueue()).isEqualTo(0x10);
    assertThat(kernel.fileReads()).isEqualTo(4);
    assertThat(second.find(8080, 59999)).as("in neither file").isNull();
    assertThat(kernel.fileReads()).as("each file once per sample").isEqualTo(4);

    kernel.sample();
    assertThat(kernel.fileReads()).as("both files held what the last sample was asked for").isEqualTo(6);
  }

  @Test
  void aSampleAskedForNothingLeavesTheNextReadingBoth() throws Exception {
    Files.writeString(proc.resolve("tcp"), HEAD);
    Files.writeString(proc.resolve("tcp6"), HEAD + line(V6, 8080, 50001, "01", 0x20, 0));
    var kernel = new KernelQueues(proc);
    kernel.sample();
    kernel.sample();
    assertThat(kernel.fileReads()).isEqualTo(4);
    assertThat(kernel.sample().find(8080, 50001)).isNotNull();
    kernel.sample();
    assertThat(kernel.fileReads()).isEqualTo(7);
  }

  @Test
  void aLiveConnectionWinsOverATimeWaitLeftoverOnTheSamePorts() throws Exception {
    Files.writeString(proc.resolve("tcp"), HEAD);
    Files.writeString(proc.resolve("tcp6"), HEAD + line(V6, 8080, 50001, "06", 0, 0) + line(V6, 8080, 50001, "01", 0x40, 0)
        + line(V6, 8080, 50001, "06", 0, 0));
    assertThat(new KernelQueues(proc).sample().find(8080, 50001).sendQueue()).isEqualTo(0x40);
  }
}
