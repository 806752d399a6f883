package io.relayscope.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.cli.RelayCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * What the docs say that the code can check: the README stays a front page, every relative link
 * (and its #anchor) leads somewhere, docs/cli.md shows each command's usage exactly as picocli
 * renders it, and docs/architecture.md's package table is the package graph of the modules' main sources.
 */
class DocsTruthTest {
  /** The repository's top level: the build says where (relayscope.root), this module's basedir being src/app. */
  private static final Path ROOT = Path.of(System.getProperty("relayscope.root", System.getProperty("basedir", "."))).toAbsolutePath().normalize();
  private static final Path README = ROOT.resolve("README.md");
  private static final Path DOCS = ROOT.resolve("docs");
  private static final Path CLI_DOC = DOCS.resolve("cli.md");
  private static final Path ARCHITECTURE = DOCS.resolve("architecture.md");
  /** Where the current usage text is written, ready to paste into docs/cli.md. */
  private static final Path USAGE_OUT = ROOT.resolve("target/docs/cli-usage.md");
  /** Width the usage is rendered at: picocli's default when output is not a terminal. */
  private static final int USAGE_WIDTH = 80;

  @Test
  void readmeIsAFrontPageUnder200Lines() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    assertThat(lines.size()).as("README.md lines (reference material belongs in docs/)").isLessThan(200);
  }

  @Test
  void everyRelativeLinkInReadmeAndDocsLeadsToAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path md : markdownFiles()) {
      String text = withoutCode(Files.readString(md, StandardCharsets.UTF_8));
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("<") && target.endsWith(">")) target = target.substring(1, target.length() - 1);
        if (SCHEME.matcher(target).lookingAt()) continue; // http:, https:, mailto: …
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? md : md.getParent().resolve(file).normalize();
        String where = ROOT.relativize(md) + ": (" + target + ")";
        if (!Files.exists(resolved)) {
          broken.add(where + " → no such file " + ROOT.relativize(resolved));
        } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
          broken.add(where + " → no heading #" + anchor + " in " + ROOT.relativize(resolved));
        }
      }
    }
    assertThat(broken).as("relative links in README.md and docs/*.md").isEmpty();
  }

  @Test
  void cliDocShowsEveryCommandsUsageExactlyAsTheCodeRendersIt() throws IOException {
    Map<String, String> usage = currentUsage();
    writeUsageForPasting(usage);
    Set<String> blocks = new TreeSet<>();
    for (String block : fencedBlocks(Files.readString(CLI_DOC, StandardCharsets.UTF_8))) blocks.add(normalize(block));
    List<String> missing = new ArrayList<>();
    usage.forEach((name, text) -> {
      if (!blocks.contains(text)) missing.add(name);
    });
    assertThat(missing)
        .as("commands whose current usage is not in a fenced block of docs/cli.md; paste them from %s", ROOT.relativize(USAGE_OUT))
        .isEmpty();
    List<String> stale = blocks.stream().filter(b -> b.startsWith("Usage: ") && !usage.containsValue(b))
        .map(b -> b.lines().findFirst().orElse(b)).toList();
    assertThat(stale).as("usage blocks in docs/cli.md that no command prints any more; current text in %s",
        ROOT.relativize(USAGE_OUT)).isEmpty();
  }

  @Test
  void architectureDocsPackageTableIsThePackageGraphOfTheCode() throws IOException {
    Map<String, Set<String>> documented = documentedPackages();
    Map<String, Set<String>> actual = actualPackages();
    assertThat(documented.keySet()).as("packages in docs/architecture.md's table vs src/*/main/java/io/relayscope")
        .containsExactlyInAnyOrderElementsOf(actual.keySet());
    List<String> wrong = new ArrayList<>();
    for (var e : actual.entrySet()) {
      Set<String> doc = documented.getOrDefault(e.getKey(), Set.of());
      if (!doc.equals(e.getValue())) {
        wrong.add(e.getKey() + ": the code depends on " + e.getValue() + ", the table says " + doc);
      }
    }
    assertThat(wrong).as("'depends on' in docs/architecture.md (## Packages) against the code").isEmpty();
    assertThat(cycle(documented)).as("a cycle in the documented package graph").isEmpty();
  }

  // ---- markdown ----

  private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)");

  private static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(README);
    try (Stream<Path> s = Files.list(DOCS)) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** The text with inline code spans replaced by a word and fenced blocks blanked (links there are not links). */
  private static String withoutCode(String text) {
    return withoutFences(text).replaceAll("``[^`]+``|`[^`\n]*`", "code");
  }

  /** The text with the lines of fenced blocks blanked, so line numbers and headings outside stay. */
  private static String withoutFences(String text) {
    StringBuilder out = new StringBuilder();
    String fence = null;
    for (String line : text.split("\n", -1)) {
      Matcher f = FENCE.matcher(line);
      if (fence == null && f.find()) {
        fence = f.group(1);
        out.append('\n');
      } else if (fence != null) {
        if (closes(line, fence)) fence = null;
        out.append('\n');
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static boolean closes(String line, String fence) {
    String t = line.strip();
    return t.startsWith(fence) && t.replace(fence.substring(0, 1), "").isEmpty();
  }

  /** The contents of every fenced code block. */
  static List<String> fencedBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    String fence = null;
    for (String line : text.split("\n", -1)) {
      Matcher f = FENCE.matcher(line);
      if (fence == null && f.find()) {
        fence = f.group(1);
        block = new StringBuilder();
      } else if (fence != null && closes(line, fence)) {
        blocks.add(block.toString());
        fence = null;
      } else if (fence != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }

  /** GitHub's anchors for the headings of a markdown file (duplicates numbered -1, -2 …). */
  static Set<String> anchors(Path md) throws IOException {
    Set<String> anchors = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutFences(Files.readString(md, StandardCharsets.UTF_8)).split("\n")) {
      Matcher h = HEADING.matcher(line);
      if (!h.matches()) continue;
      String slug = slug(h.group(1));
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

  /** GitHub's heading slug: the rendered text lower-cased, punctuation dropped, spaces as hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder s = new StringBuilder();
    text.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || type == Character.NON_SPACING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        s.appendCodePoint(c);
      } else if (c == ' ') {
        s.append('-');
      }
    });
    return s.toString();
  }

  // ---- the command line ----

  /** Each command's usage as picocli renders it, by its qualified name ("relayscope emit"). */
  static Map<String, String> currentUsage() {
    CommandLine root = new CommandLine(new RelayCommand());
    root.setUsageHelpAutoWidth(false);
    root.setUsageHelpWidth(USAGE_WIDTH);
    Map<String, String> usage = new LinkedHashMap<>();
    collect(root, usage);
    return usage;
  }

  private static void collect(CommandLine cmd, Map<String, String> usage) {
    usage.putIfAbsent(cmd.getCommandSpec().qualifiedName(), normalize(cmd.getUsageMessage(Help.Ansi.OFF)));
    for (CommandLine sub : new TreeSet<>(cmd.getSubcommands().keySet()).stream()
        .map(cmd.getSubcommands()::get).distinct().toList()) {
      collect(sub, usage);
    }
  }

  /** Trailing spaces and blank lines at the end do not count. */
  private static String normalize(String text) {
    return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).stripTrailing();
  }

  private static void writeUsageForPasting(Map<String, String> usage) throws IOException {
    StringBuilder out = new StringBuilder();
    usage.forEach((name, text) -> out.append("### `").append(name).append("`\n\n```text\n").append(text).append("\n```\n\n"));
    Files.createDirectories(USAGE_OUT.getParent());
    Files.writeString(USAGE_OUT, out.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
  }

  // ---- packages ----

  private static final Pattern PACKAGE_CELL = Pattern.compile("`([a-z]+)`");

  /** The table under "## Packages" in docs/architecture.md: package → the packages it depends on. */
  static Map<String, Set<String>> documentedPackages() throws IOException {
    Map<String, Set<String>> table = new TreeMap<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(ARCHITECTURE, StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) inSection = line.equals("## Packages");
      if (!inSection || !line.startsWith("| `")) continue;
      String[] cells = line.split("\\|");
      // | `pkg` | owns | depends on |
      Matcher name = PACKAGE_CELL.matcher(cells[1]);
      assertThat(name.find()).as("package cell in: %s", line).isTrue();
      Set<String> deps = new TreeSet<>();
      Matcher d = PACKAGE_CELL.matcher(cells[cells.length - 1]);
      while (d.find()) deps.add(d.group(1));
      table.put(name.group(1), deps);
    }
    assertThat(table).as("the package table under '## Packages' in docs/architecture.md").isNotEmpty();
    return table;
  }

  private static final Pattern OUR_NAME = Pattern.compile("\\bio\\.relayscope\\.([a-z]+)\\.");

  /** Top-level package → the other top-level packages its code names (imports or qualified names; comments and strings aside), over every module. */
  static Map<String, Set<String>> actualPackages() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path base : moduleSources()) {
      try (Stream<Path> dirs = Files.list(base)) {
        for (Path dir : dirs.filter(Files::isDirectory).toList()) graph.put(dir.getFileName().toString(), new TreeSet<>());
      }
    }
    for (Path base : moduleSources()) {
      try (Stream<Path> files = Files.walk(base)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Path rel = base.relativize(f);
          if (rel.getNameCount() < 2) continue;
          String pkg = rel.getName(0).toString();
          String code = codeOnly(Files.readString(f, StandardCharsets.UTF_8));
          Matcher m = OUR_NAME.matcher(code);
          while (m.find()) {
            if (!m.group(1).equals(pkg) && graph.containsKey(m.group(1))) graph.get(pkg).add(m.group(1));
          }
        }
      }
    }
    return graph;
  }

  /** Each module's main sources (src/<module>/main/java/io/relayscope). */
  static List<Path> moduleSources() throws IOException {
    try (Stream<Path> modules = Files.list(ROOT.resolve("src"))) {
      List<Path> bases = modules.map(m -> m.resolve("main/java/io/relayscope")).filter(Files::isDirectory).sorted().toList();
      assertThat(bases).as("module sources under %s", ROOT.resolve("src")).isNotEmpty();
      return bases;
    }
  }

  /** Java source without comments, string and char literals (text blocks too), and its package line. */
  static String codeOnly(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        while (i < n && src.charAt(i) != '\n') i++;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && src.charAt(i) != c && src.charAt(i) != '\n') i += src.charAt(i) == '\\' ? 2 : 1;
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;", "");
  }

  /** A cycle in the graph, as a list of packages, or an empty list. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>();
      if (visit(start, graph, state, path)) return path;
    }
    return List.of();
  }

  private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) return false;
    path.add(node);
    if (s != null && s == 1) return true;
    state.put(node, 1);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (visit(next, graph, state, path)) return true;
    }
    state.put(node, 2);
    path.remove(path.size() - 1);
    return false;
  }
}
