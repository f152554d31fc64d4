package id.bizpro.bizcash.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code startup}: seconds from starting {@code java -jar bizcash.jar} to {@code /health} answering
 * 200, on an empty embedded database (initdb, PostgreSQL start, migrations included). Median of
 * several runs.
 */
final class StartupBench {
  private StartupBench() {}

  static BenchResult run(Path work, boolean quick) throws Exception {
    Path jar = BenchSupport.productionJar();
    int runs = quick ? 1 : 3;
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      seconds.add(once(jar, Files.createTempDirectory(work, "startup")));
    }
    Collections.sort(seconds);
    double median = seconds.get(seconds.size() / 2);
    System.out.printf("startup: %s s over %d runs%n", seconds, runs);
    return BenchResult.of("startup", median, "s");
  }

  private static double once(Path jar, Path dataDir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(BenchSupport.java(), "-jar", jar.toString())
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("app.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.equals("DATABASE_URL"));
    pb.environment().put("BIZCASH_DATA_DIR", dataDir.resolve("data").toString());
    pb.environment().put("HTTP_PORT", String.valueOf(port));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(1)).build();
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) {
        if (!p.isAlive()) {
          throw new IllegalStateException("the app exited with " + p.exitValue() + "; see " + dataDir.resolve("app.log"));
        }
        try {
          if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return (System.nanoTime() - t0) / 1e9;
          }
        } catch (IOException notYet) {
          // Not listening yet.
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("no /health 200 within 120 s");
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
