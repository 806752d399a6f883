package io.relayscope.export;

/**
 * The console's vocabulary, for the export tests here and in the app module (ExportVocabularyTest,
 * which drives the command line).
 */
final class ExportVocabulary {
  private ExportVocabulary() {}

  /** Words the console never uses for a client's state; "slowest send" and SLOW_SEND are fine. */
  static final String OLD_WORDS = "\\bSLOW\\b|STALLED|(?i:stalled)|(?i:blocked)|(?i:longest block)|stopped taking";
}
