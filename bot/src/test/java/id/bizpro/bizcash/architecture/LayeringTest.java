package id.bizpro.bizcash.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering ARCHITECTURE.md draws, checked over the source trees of the three modules: a class
 * may refer to classes of its own layer's package and of lower layers, never higher; features (and
 * the Telegram transport, and the webhook module) are siblings that do not refer to each other.
 * References are imports and fully qualified names in code (comments are skipped). From the
 * bottom:
 *
 * <ol>
 *   <li>{@code db} — the whole db module (ledger, orders, users, …)
 *   <li>{@code i18n}, {@code logging}, {@code notify}
 *   <li>{@code conversation} — the conversation core (pipeline, router, turn, the sender port)
 *   <li>{@code pin}, {@code screens} — components features share (money-out confirmation, the
 *       balance block)
 *   <li>the features ({@code start}, {@code balance}, {@code topup}, {@code transfer}, {@code
 *       withdraw}, {@code settings}, {@code history}, {@code statement}, {@code admin}), the
 *       Telegram transport ({@code telegram}) and the webhook module — siblings
 *   <li>{@code wiring}, {@code app}, {@code console}, and the {@code bench} module — the
 *       composition root and the modes that take their parts from it
 * </ol>
 */
class LayeringTest {
  private static final String BASE = "id.bizpro.bizcash.";
  private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?;");
  private static final Pattern QUALIFIED = Pattern.compile("\\bid\\.bizpro\\.bizcash\\.(?:[a-z_][\\w]*\\.)+[A-Z]\\w*");

  /** Layer of a bot package (first segment after {@code id.bizpro.bizcash}); db is 0, webhook 4. */
  static final Map<String, Integer> BOT_LAYERS = Map.ofEntries(
      Map.entry("i18n", 1), Map.entry("logging", 1), Map.entry("notify", 1),
      Map.entry("conversation", 2),
      Map.entry("pin", 3), Map.entry("screens", 3),
      Map.entry("start", 4), Map.entry("balance", 4), Map.entry("topup", 4), Map.entry("transfer", 4),
      Map.entry("withdraw", 4), Map.entry("settings", 4), Map.entry("history", 4), Map.entry("statement", 4),
      Map.entry("admin", 4), Map.entry("telegram", 4), Map.entry("bayar", 4), Map.entry("request", 4),
      Map.entry("paylink", 4), Map.entry("inline", 4), Map.entry("bizprolink", 4),
      Map.entry("wiring", 5), Map.entry("app", 5), Map.entry("console", 5));
  static final int SIBLINGS = 4;

  /** Where a class lives: its module and, in bot, its top package, and so its layer. */
  record Place(String module, String pkg, int layer) {
    String name() {
      return module.equals("bot") ? pkg : module;
    }
  }

  @Test
  void no_package_refers_to_a_package_above_it_nor_a_feature_to_another() {
    Path root = Path.of("").toAbsolutePath();
    if (!Files.isDirectory(root.resolve("src/main/java"))) {
      throw new IllegalStateException("run from the bot module: " + root);
    }
    Map<String, Place> classes = new HashMap<>();
    Map<Path, Place> files = new HashMap<>();
    for (String module : List.of("db", "webhook", "bot", "bench")) {
      Path src = root.resolveSibling(module).resolve("src/main/java");
      for (Path file : javaFiles(src)) {
        String fqn = src.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
        Place place = place(module, fqn);
        classes.put(fqn, place);
        files.put(file, place);
      }
    }
    assertTrue(classes.size() > 100, "the scan found the sources: " + classes.size());
    List<String> violations = new ArrayList<>();
    files.forEach((file, from) -> {
      for (String ref : references(read(file))) {
        Place to = resolve(classes, ref);
        if (to == null || to.name().equals(from.name())) {
          continue;
        }
        boolean upward = to.layer() > from.layer();
        boolean sideways = to.layer() == from.layer() && from.layer() == SIBLINGS;
        if (upward || sideways) {
          violations.add(root.getParent().relativize(file) + ": " + from.name() + " (layer " + from.layer() + ") -> "
              + ref + " (" + to.name() + ", layer " + to.layer() + ")");
        }
      }
    });
    violations.sort(null);
    assertEquals(List.of(), violations, "references against the layering of ARCHITECTURE.md");
  }

  @Test
  void every_bot_package_has_a_layer() {
    Path src = Path.of("src/main/java").toAbsolutePath();
    Set<String> unknown = new TreeSet<>();
    for (Path file : javaFiles(src)) {
      String fqn = src.relativize(file).toString().replace('/', '.');
      String pkg = fqn.substring(BASE.length()).split("\\.")[0];
      if (!BOT_LAYERS.containsKey(pkg)) {
        unknown.add(pkg);
      }
    }
    assertEquals(Set.of(), unknown, "bot packages without a layer: add them to LayeringTest and ARCHITECTURE.md");
  }

  private static Place place(String module, String fqn) {
    String pkg = fqn.startsWith(BASE) ? fqn.substring(BASE.length()).split("\\.")[0] : fqn;
    return switch (module) {
      case "db" -> new Place(module, pkg, 0);
      case "webhook" -> new Place(module, pkg, SIBLINGS);
      case "bench" -> new Place(module, pkg, BOT_LAYERS.get("wiring"));
      default -> new Place(module, pkg, BOT_LAYERS.getOrDefault(pkg, 0));
    };
  }

  /** The class {@code ref} names (or the class whose member it names), if it is ours. */
  private static Place resolve(Map<String, Place> classes, String ref) {
    String name = ref;
    while (name.contains(".")) {
      Place p = classes.get(name);
      if (p != null) {
        return p;
      }
      name = name.substring(0, name.lastIndexOf('.'));
    }
    return null;
  }

  static Set<String> references(String source) {
    String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)(^|[\\s;{}])//.*$", "$1");
    Set<String> refs = new TreeSet<>();
    Matcher m = IMPORT.matcher(code);
    while (m.find()) {
      if (m.group(1).startsWith(BASE)) {
        refs.add(m.group(1));
      }
    }
    Matcher q = QUALIFIED.matcher(code.replaceAll("(?m)^(package|import)\\s.*$", ""));
    while (q.find()) {
      refs.add(q.group());
    }
    return refs;
  }

  private static List<Path> javaFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
