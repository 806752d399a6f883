package io.relayscope.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class NameCacheTest {
  @Test
  void equalNamesShareOneInstance() {
    var cache = new NameCache(16);
    String first = new String("face_processor");
    String again = new String("face_processor");
    assertNotSame(first, again);
    assertSame(first, cache.canonical(first));
    assertSame(first, cache.canonical(again));
    assertNull(cache.canonical(null));
  }

  @Test
  void namesThatNeverRepeatCannotGrowItPastItsBound() {
    var cache = new NameCache(4);
    for (int i = 0; i < 1000; i++) {
      assertEquals("m" + i, cache.canonical("m" + i));
      org.junit.jupiter.api.Assertions.assertTrue(cache.size() <= 4, "held " + cache.size());
    }
    String kept = cache.canonical(new String("x"));
    assertSame(kept, cache.canonical(new String("x")), "still shares after starting over");
  }
}
