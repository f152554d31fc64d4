package id.bizpro.bizcash.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code java -jar bench/target/bizcash-bench.jar [name…] [--quick]}: runs the benchmarks outside
 * the test suite and prints one {@code BENCH …} line each. A module of its own (depending on
 * {@code bot}), so the production jar carries no benchmark code. Every figure comes with its baseline measured in the same
 * run on the same machine where one exists.
 */
public final class Bench {
  public static final List<String> ALL =
      List.of("ledger.uniform", "ledger.hot", "ledger.batch", "platform.batch", "updates", "notify", "statement.xlsx",
          "statement.pdf", "startup");

  private Bench() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (Exception e) {
      System.err.println("bizcash bench: failed: " + e);
      e.printStackTrace(System.err);
      code = 1;
    }
    System.exit(code);
  }

  public static int run(String[] args) throws Exception {
    boolean quick = false;
    Set<String> names = new LinkedHashSet<>();
    int users = 1_000_000;
    long transfers = 5_000_000;
    java.util.Optional<Path> keep = java.util.Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--users") || a.equals("--transfers") || a.equals("--keep")) && i + 1 >= args.length) {
        System.err.println("bizcash-bench: " + a + " needs a value");
        return 2;
      }
      if (a.equals("--quick")) {
        quick = true;
      } else if (a.equals("--users")) {
        users = Integer.parseInt(args[++i].replace("_", ""));
      } else if (a.equals("--transfers")) {
        transfers = Long.parseLong(args[++i].replace("_", ""));
      } else if (a.equals("--keep")) {
        keep = java.util.Optional.of(Path.of(args[++i]).toAbsolutePath());
      } else if (a.equals("scale")) {
        names.add(a);
      } else if (ALL.contains(a)) {
        names.add(a);
      } else {
        System.err.println("bizcash-bench: unknown benchmark '" + a + "'; known: " + String.join(", ", ALL)
            + ", scale [--users N] [--transfers M] [--keep DIR] [--quick]");
        return 2;
      }
    }
    if (names.isEmpty()) {
      names.addAll(ALL);
    }
    // The machine is shared: the load next to each run is part of the figures.
    System.out.println("bench: " + Runtime.getRuntime().availableProcessors() + " cores, load " + loadAverage());
    Path work = Files.createTempDirectory("bizcash-bench");
    List<BenchResult> results = new ArrayList<>();
    try {
      List<String> selected = List.copyOf(names);
      if (selected.stream().anyMatch(n -> n.startsWith("ledger."))) {
        results.addAll(LedgerBench.run(work, quick, selected));
      }
      if (selected.contains("platform.batch")) {
        results.add(PlatformBench.run(work, quick));
      }
      if (selected.contains("updates")) {
        results.add(UpdatesBench.run(work, quick));
      }
      if (selected.contains("notify")) {
        results.add(NotifyBench.run(work, quick));
      }
      if (selected.stream().anyMatch(n -> n.startsWith("statement."))) {
        results.addAll(StatementBench.run(work, selected));
      }
      if (selected.contains("startup")) {
        results.add(StartupBench.run(work, quick));
      }
      if (selected.contains("scale")) {
        results.addAll(ScaleBench.run(work, quick, new ScaleBench.Options(users, transfers, keep)));
      }
    } finally {
      deleteTree(work);
    }
    System.out.println("bench: load after the run " + loadAverage());
    System.out.println();
    results.forEach(r -> System.out.println(r.line()));
    return 0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // A temp directory left behind is harmless.
    }
  }
}
