package id.bizpro.bizcash.bench;

import java.nio.file.Path;

/** Where the running JVM and jar are, for benchmarks that start child processes. */
final class BenchSupport {
  private BenchSupport() {}

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The benchmarks' own jar (everything on one class path, for child JVMs). */
  static Path ownJar() throws Exception {
    Path p = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!p.toString().endsWith(".jar")) {
      throw new IllegalStateException("run the benchmarks from their jar (java -jar bench/target/bizcash-bench.jar)");
    }
    return p;
  }

  /**
   * The production jar whose start-up is measured: {@code -Dbizcash.jar=…}, else {@code
   * bot/target/bizcash.jar} beside this module in the reactor.
   */
  static Path productionJar() throws Exception {
    String configured = System.getProperty("bizcash.jar");
    Path p = configured != null ? Path.of(configured)
        : ownJar().toAbsolutePath().getParent().getParent().resolveSibling("bot").resolve("target/bizcash.jar");
    if (!java.nio.file.Files.isRegularFile(p)) {
      throw new IllegalStateException("no production jar at " + p + " (build it, or pass -Dbizcash.jar=…)");
    }
    return p;
  }
}
