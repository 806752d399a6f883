package io.relayscope.journal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of an {@link FactKind#EVENT_RECEIVED} fact in one immutable object: {@code seq},
 * {@code type}, {@code bytes}, {@code source}, {@code summary} and, for an event of a machine,
 * {@code machine}. It reads as any other fact's map.
 *
 * <p>The journal's ring keeps one such fact per event (200,000 by default). As {@code Map.of} with
 * boxed numbers each held about ten objects, which the collector traced on every cycle: at 50,000
 * events a second the collector's threads took as much CPU as the thread that receives them.
 */
public final class ReceivedEventFields extends AbstractMap<String, Object> {
  private static final String[] KEYS = {"seq", "type", "bytes", "source", "summary", "machine"};

  private final long seq;
  private final String type;
  private final int bytes;
  private final String source;
  private final String summary;
  private final String machine;

  /** {@code machine} is null for an event of no machine: the map then has no {@code machine} key. */
  public ReceivedEventFields(long seq, String type, int bytes, String source, String summary, String machine) {
    this.seq = seq;
    this.type = Objects.requireNonNull(type, "type");
    this.bytes = bytes;
    this.source = Objects.requireNonNull(source, "source");
    this.summary = Objects.requireNonNull(summary, "summary");
    this.machine = machine;
  }

  public long seq() {
    return seq;
  }

  public String type() {
    return type;
  }

  public int bytes() {
    return bytes;
  }

  public String source() {
    return source;
  }

  public String summary() {
    return summary;
  }

  /** The machine's name, or null. */
  public String machine() {
    return machine;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String k)) return null;
    return switch (k) {
      case "seq" -> seq;
      case "type" -> type;
      case "bytes" -> bytes;
      case "source" -> source;
      case "summary" -> summary;
      case "machine" -> machine;
      default -> null;
    };
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return machine == null ? KEYS.length - 1 : KEYS.length;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < ReceivedEventFields.this.size();
          }

          @Override
          public Entry<String, Object> next() {
            if (!hasNext()) throw new NoSuchElementException();
            String key = KEYS[next++];
            return new SimpleImmutableEntry<>(key, get(key));
          }
        };
      }

      @Override
      public int size() {
        return ReceivedEventFields.this.size();
      }
    };
  }
}
