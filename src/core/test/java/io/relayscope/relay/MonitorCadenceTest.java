package io.relayscope.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relayscope.journal.Journal;
import io.relayscope.support.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The monitor ticks every 50 ms while there is something to watch and every 250 ms while there is
 * nothing; the first event brings the close watch back at once. Its parts keep their own periods.
 */
class MonitorCadenceTest {
  private final ManualTime time = new ManualTime();
  private final RelayMonitor monitor = new RelayMonitor(time.scheduler("relay-monitor"), new RelayThreads(new Journal(64), time), time);
  private final List<Long> tickStarts = new ArrayList<>();
  private final List<Long> tickLengths = new ArrayList<>();
  private final AtomicInteger readings = new AtomicInteger();
  private final AtomicInteger handshakeChecks = new AtomicInteger();
  private final AtomicInteger seconds = new AtomicInteger();
  private final AtomicBoolean busy = new AtomicBoolean(true);

  private void start() {
    monitor.start(tick -> {
      tickStarts.add(time.nanos());
      tickLengths.add(tick);
    }, readings::incrementAndGet, handshakeChecks::incrementAndGet, seconds::incrementAndGet, busy::get);
  }

  @Test
  void whileBusyItTicksEvery50MsAndEachPartKeepsItsPeriod() {
    start();
    time.advance(Duration.ofSeconds(2));
    assertEquals(40, tickStarts.size());
    assertEquals(20, readings.get());
    assertEquals(10, handshakeChecks.get());
    assertEquals(2, seconds.get());
    assertTrue(tickLengths.stream().allMatch(t -> t == 50_000_000L), tickLengths.toString());
    assertFalse(monitor.quiet());
  }

  @Test
  void withNothingToWatchItTicksEvery250MsAndStillSamplesAndKeepsSeconds() {
    busy.set(false);
    start();
    time.advance(Duration.ofMillis(50)); // the first tick, at the busy rate
    tickStarts.clear();
    tickLengths.clear();
    int secondsBefore = seconds.get();
    time.advance(Duration.ofSeconds(5));
    assertEquals(20, tickStarts.size());
    assertTrue(monitor.quiet());
    // The tick's length goes to the pause detector: a 250 ms gap is not a pause.
    assertTrue(tickLengths.stream().allMatch(t -> t == 250_000_000L), tickLengths.toString());
    // Once a second still, at the quiet tick that finds the second over (every 1.0 s, never later than 1.25 s).
    assertEquals(5, seconds.get() - secondsBefore);
  }

  @Test
  void anEventWakesAQuietMonitorAtOnceAndTheCloseWatchComesBack() {
    busy.set(false);
    start();
    time.advance(Duration.ofMillis(60));
    assertTrue(monitor.quiet());
    tickStarts.clear();
    time.advance(Duration.ofMillis(100)); // between quiet ticks
    assertEquals(0, tickStarts.size());

    busy.set(true);
    monitor.wake(); // what the hub does after a round with inputs
    assertFalse(monitor.quiet());
    time.runDue();
    assertEquals(1, tickStarts.size(), "woken, it ticks now, not at the quiet tick's time");
    time.advance(Duration.ofMillis(500));
    assertEquals(11, tickStarts.size(), "and every 50 ms from then on: " + tickStarts);
    // The quiet tick that was pending gave way: no tick came at its old time on top of the 50 ms ones.
    for (int i = 1; i < tickStarts.size(); i++) assertEquals(50_000_000L, tickStarts.get(i) - tickStarts.get(i - 1));
  }

  @Test
  void wakingAMonitorThatIsNotQuietChangesNothing() {
    start();
    time.advance(Duration.ofMillis(100));
    int before = tickStarts.size();
    monitor.wake();
    time.runDue();
    assertEquals(before, tickStarts.size());
  }
}
