package io.relayscope.ui.log;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which rows the log shows. Types are listed by what is hidden, so a type seen for the first time
 * shows until the operator unticks it. Rejected inputs name no machine and must not be missed, so
 * the machine filter keeps them (the type filter can hide them); gap rows always show.
 *
 * @param machine the machine to show, or null for all
 * @param hiddenTypes types not to show
 * @param text text to look for, any case; blank for all
 */
record LogFilter(String machine, Set<String> hiddenTypes, String text) implements Predicate<LogEntry> {
  static final LogFilter ALL = new LogFilter(null, Set.of(), "");

  LogFilter {
    hiddenTypes = Set.copyOf(hiddenTypes);
    text = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean test(LogEntry e) {
    if (e.kind() == LogEntry.Kind.GAP) return true;
    if (machine != null && e.kind() == LogEntry.Kind.EVENT && !machine.equals(e.machine())) return false;
    if (hiddenTypes.contains(e.type())) return false;
    return text.isEmpty() || e.contains(text);
  }
}
