package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MachineCpuTest {
  @Test
  void busyIsTheWindowLessIdleAndSteal() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    long[] t = MachineCpu.ticks("cpu  10132153 290696 3084719 46828483 16683 7 25195 175 33 0");
    assertArrayEquals(new long[] {46828483L + 16683, 175}, t);
    // One second: 35 ticks idle, 3 stolen, the rest of every core busy.
    var m = MachineCpu.between(new MachineCpu.Reading(0, 1000, 10), new MachineCpu.Reading(1_000_000_000L, 1035, 13));
    assertEquals(Runtime.getRuntime().availableProcessors() - 0.38, m.busySeconds(), 1e-9);
    assertEquals(0.03, m.stealSeconds(), 1e-9);
    assertEquals(1.0, m.windowSeconds(), 1e-9);
  }

  @Test
  void describesTheShareOfTheMachine() {
    assertEquals("1.62 of 2.00 core-s busy (81 %), steal 0.03 s", new MachineCpu(1.62, 0.03, 1.0, 2).describe());
    assertEquals("not measured (no /proc/stat)", MachineCpu.UNKNOWN.describe());
  }

  @Test
  void measuresThisMachineWorking() {
    var before = MachineCpu.now();
    // Keep one core busy for 300 ms of its own CPU time: the machine's busy time must show at least most of it.
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = bean.getCurrentThreadCpuTime();
    long x = 0;
    while (bean.getCurrentThreadCpuTime() - cpu0 < TimeUnit.MILLISECONDS.toNanos(300)) x += System.nanoTime() & 1;
    var m = MachineCpu.between(before, MachineCpu.now());
    assertTrue(m.busySeconds() >= 0.25, "busy " + m.busySeconds() + " (" + x + ")");
  }
}
