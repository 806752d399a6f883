package io.relayscope.export;

import io.relayscope.journal.FactCodec;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.time.Instant;
import java.util.List;

/** One row per fact: run, id, time (ISO and epoch ms), kind, subject, and the fields as JSON. */
public final class CsvExport {
  public static final String HEADER = "run,id,at,at_ms,kind,subject,fields";

  private CsvExport() {}

  public static String write(List<RunFact> facts) {
    var sb = new StringBuilder(HEADER).append("\r\n");
    for (RunFact rf : facts) {
      var f = rf.fact();
      String fields = FactCodec.encodeFields(f);
      sb.append(quote(rf.run())).append(',').append(f.id()).append(',').append(Instant.ofEpochMilli(f.atMillis())).append(',')
          .append(f.atMillis()).append(',').append(f.kind().name()).append(',').append(quote(f.subject())).append(',')
          .append(quote(fields)).append("\r\n");
    }
    return sb.toString();
  }

  /** RFC 4180 quoting. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
