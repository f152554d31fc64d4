package id.bizpro.bizcash.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs PostgreSQL's own pgbench (TPC-B-like built-in script) against a given server, as the
 * baseline for the ledger benchmarks. Empty when pgbench is not installed.
 */
final class PgBench {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  private PgBench() {}

  static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "pgbench");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Initialises scale {@code scale} in {@code database}, then runs 8 clients on 2 threads. */
  static double tps(Path pgbench, int port, String database, int scale, int seconds) throws IOException, InterruptedException {
    run(List.of(pgbench.toString(), "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres",
        "-i", "-q", "-s", String.valueOf(scale), database), 600);
    String out = run(List.of(pgbench.toString(), "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres",
        "-c", "8", "-j", "2", "-T", String.valueOf(seconds), "-n", database), seconds + 120);
    Matcher m = TPS.matcher(out);
    if (!m.find()) {
      throw new IOException("pgbench printed no tps line:\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("pgbench timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("pgbench failed (" + p.exitValue() + "):\n" + text);
    }
    return text;
  }
}
