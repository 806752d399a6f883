package io.relayscope.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** A journal as relays wrote it before facts used the console's words ({@code CLIENT_SLOW}, {@code CLIENT_STALLED}). */
public final class OldJournal {
  private OldJournal() {}

  /** A client flagged, recovered, flagged again and evicted, as a relay wrote it before the rename. */
  public static final String LINES = String.join("\n",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":1,\"at\":1795635601000,\"kind\":\"CLIENT_CONNECTED\",\"subject\":\"c4\","
          + "\"fields\":{\"remote\":\"127.0.0.1:5000\",\"user_agent\":\"probe\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":2,\"at\":1795635602000,\"kind\":\"CLIENT_SLOW\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"OPEN\",\"queue_bytes\":9000,\"queue_frames\":3,\"oldest_ms\":600.0,\"unread_bytes\":9767,\"why\":\"x\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":3,\"at\":1795635603000,\"kind\":\"CLIENT_STALLED\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"LAGGING\",\"queue_bytes\":9000,\"queue_frames\":3,\"oldest_ms\":1600.0,\"unread_bytes\":9767,\"why\":\"y\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":4,\"at\":1795635604000,\"kind\":\"CLIENT_RECOVERED\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"NOT_READING\",\"queue_bytes\":0,\"queue_frames\":0,\"oldest_ms\":0.0,\"unread_bytes\":0,\"why\":\"\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":5,\"at\":1795635605000,\"kind\":\"CLIENT_STALLED\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"OPEN\",\"queue_bytes\":9000,\"queue_frames\":3,\"oldest_ms\":1100.0,\"unread_bytes\":14128,\"why\":\"z\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":6,\"at\":1795635607000,\"kind\":\"CLIENT_EVICTED\",\"subject\":\"c4\","
          + "\"fields\":{\"reason\":\"send deadline passed\",\"dropped_frames\":4,\"queue_bytes\":5321,\"oldest_ms\":2016.2}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":7,\"at\":1795635607010,\"kind\":\"CLIENT_CLOSED\",\"subject\":\"c4\","
          + "\"fields\":{\"code\":4008,\"by_client\":false,\"reason\":\"evicted\",\"dropped\":5}}",
      // c5 answers no ping (4009) after one slow send; c6 is disconnected by an operator (4010).
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":8,\"at\":1795635601100,\"kind\":\"CLIENT_CONNECTED\",\"subject\":\"c5\","
          + "\"fields\":{\"remote\":\"127.0.0.1:5001\",\"user_agent\":\"probe\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":9,\"at\":1795635601200,\"kind\":\"CLIENT_CONNECTED\",\"subject\":\"c6\","
          + "\"fields\":{\"remote\":\"127.0.0.1:5002\",\"user_agent\":\"probe\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":10,\"at\":1795635602500,\"kind\":\"SLOW_SEND\",\"subject\":\"c5\","
          + "\"fields\":{\"latency_ms\":312.5,\"bytes\":1200,\"seq\":7}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":11,\"at\":1795635606000,\"kind\":\"PONG_MISSED\",\"subject\":\"c5\","
          + "\"fields\":{\"silence_ms\":3100.0,\"closing\":true}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":12,\"at\":1795635606010,\"kind\":\"CLIENT_CLOSED\",\"subject\":\"c5\","
          + "\"fields\":{\"code\":4009,\"by_client\":false,\"reason\":\"keepalive timeout\",\"dropped\":0}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":13,\"at\":1795635606500,\"kind\":\"DISCONNECT_REQUESTED\",\"subject\":\"c6\","
          + "\"fields\":{\"reason\":\"test: by hand\",\"by\":\"console\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":14,\"at\":1795635606510,\"kind\":\"CLIENT_CLOSED\",\"subject\":\"c6\","
          + "\"fields\":{\"code\":4010,\"by_client\":false,\"reason\":\"test: by hand\",\"dropped\":0}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":15,\"at\":1795635608000,\"kind\":\"RELAY_STOPPED\",\"subject\":\"relay\","
          + "\"fields\":{}}") + "\n";

  /** Writes {@link #LINES} as a journal file in {@code dir}; returns the file. */
  public static Path write(Path dir) throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("journal-20261201-031500-000-0001.jsonl"), LINES);
  }
}
