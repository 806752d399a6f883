package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetSubjectsTest {
  @Test
  void machineNamesCannotReachIntoOtherSubjects() {
    assertThat(FleetSubjects.event("gpu-1", "face_processor")).isEqualTo("relayscope.events.gpu-1.face_processor");
    assertThat(FleetSubjects.event("gpu-1", "a.b")).isEqualTo("relayscope.events.gpu-1.a_b");
    assertThat(FleetSubjects.event("gpu-1", ">")).isEqualTo("relayscope.events.gpu-1._");
    assertThat(FleetSubjects.event("gpu-1", "x *y")).isEqualTo("relayscope.events.gpu-1.x__y");
    assertThat(FleetSubjects.event("gpu-1", "é")).isEqualTo("relayscope.events.gpu-1._");
    assertThat(FleetSubjects.event("gpu-1", null)).isEqualTo("relayscope.events.gpu-1._");
    assertThat(FleetSubjects.event("gpu-1", "m".repeat(500))).hasSize("relayscope.events.gpu-1.".length() + 128);
  }

  @Test
  void theNodeIsReadBackFromEverySubject() {
    assertThat(FleetSubjects.nodeOf(FleetSubjects.event("n1", "m"))).isEqualTo("n1");
    assertThat(FleetSubjects.nodeOf(FleetSubjects.facts("n2", "snapshot"))).isEqualTo("n2");
    assertThat(FleetSubjects.nodeOf(FleetSubjects.control("n3", "disconnect"))).isEqualTo("n3");
    assertThat(FleetSubjects.nodeOf("other.subject")).isNull();
    assertThat(FleetSubjects.isValidNode("gpu-1")).isTrue();
    assertThat(FleetSubjects.isValidNode("gpu.1")).isFalse();
    assertThat(FleetSubjects.isValidNode("")).isFalse();
  }
}
