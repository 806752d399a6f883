package io.relayscope.export;

import io.relayscope.journal.FactCodec;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.time.Instant;
import java.util.List;

/**
 * One row per fact: run, id, time (ISO and epoch ms), kind, subject, and the fields as JSON. Text
 * cells are neutralised against formulas and quoted ({@link CsvText}).
 */
public final class CsvExport {
  public static final String HEADER = "run,id,at,at_ms,kind,subject,fields";

  private CsvExport() {}

  public static String write(List<RunFact> facts) {
    var sb = new StringBuilder(HEADER).append("\r\n");
    for (RunFact rf : facts) {
      var f = rf.fact();
      String fields = FactCodec.encodeFields(f);
      // Every text cell, the run's and the fields' too, goes through CsvText: all of it comes from the journal.
      sb.append(CsvText.cell(rf.run())).append(',').append(f.id()).append(',').append(Instant.ofEpochMilli(f.atMillis())).append(',')
          .append(f.atMillis()).append(',').append(f.kind().name()).append(',').append(CsvText.cell(f.subject())).append(',')
          .append(CsvText.cell(fields)).append("\r\n");
    }
    return sb.toString();
  }
}
