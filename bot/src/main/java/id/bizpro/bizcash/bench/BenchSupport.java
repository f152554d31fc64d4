package id.bizpro.bizcash.bench;

import java.nio.file.Path;

/** Where the running JVM and jar are, for benchmarks that start child processes. */
final class BenchSupport {
  private BenchSupport() {}

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static Path ownJar() throws Exception {
    Path p = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!p.toString().endsWith(".jar")) {
      throw new IllegalStateException("run the benchmarks from bizcash.jar (java -jar bot/target/bizcash.jar bench)");
    }
    return p;
  }
}
