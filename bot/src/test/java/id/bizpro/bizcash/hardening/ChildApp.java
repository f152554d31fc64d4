package id.bizpro.bizcash.hardening;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real application ({@code id.bizpro.bizcash.app.Main}) in a child JVM on this JVM's class
 * path, its output in a file. {@link #kill()} is SIGKILL on Linux ({@code destroyForcibly}); {@link
 * #stop()} is SIGTERM, which runs the shutdown hook.
 */
final class ChildApp {
  private final Process process;
  private final int port;

  private ChildApp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ChildApp start(Map<String, String> env, int port, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "id.bizpro.bizcash.app.Main"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.startsWith("DATABASE_") || k.equals("HTTP_PORT")
        || k.endsWith("_SECRET") || k.equals("MIDTRANS_SERVER_KEY"));
    pb.environment().putAll(env);
    pb.environment().put("HTTP_PORT", Integer.toString(port));
    return new ChildApp(pb.start(), port);
  }

  /** Waits until GET /health answers 200, or fails after {@code timeout}. */
  void awaitHealthy(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the child exited with " + process.exitValue() + " before it was healthy");
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child was not healthy within " + timeout);
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitExit();
  }

  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      awaitExit();
    }
    return process.exitValue();
  }

  /** After SIGKILL: the kernel ends the process at once, so a wait this long means something is wrong. */
  private void awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the child " + process.pid() + " did not exit 30 s after SIGKILL");
    }
  }

  boolean alive() {
    return process.isAlive();
  }
}
