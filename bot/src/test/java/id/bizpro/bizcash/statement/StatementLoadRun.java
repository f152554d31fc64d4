package id.bizpro.bizcash.statement;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one PDF and one Excel statement of generated rows and prints how long each took. Run in a
 * child JVM with a small heap by {@code StatementHundredThousandRowsTest}; also handy by hand to
 * produce sample files: {@code StatementLoadRun <dir> <rows> [ID|EN]}.
 */
public final class StatementLoadRun {
  public static void main(String[] args) throws Exception {
    // POI logs every saved part at DEBUG; keep the child's output to the timings.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.poi"))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    StatementLanguage language = args.length > 2 ? StatementLanguage.valueOf(args[2]) : StatementLanguage.ID;
    Files.createDirectories(dir);
    StatementRows rows = StatementSamples.generated(count, StatementSamples.NOV_1, StatementSamples.NOV_30, StatementSamples.OPENING);
    StatementHeader header = StatementSamples.november(rows, language);
    for (StatementFormat format : StatementFormat.values()) {
      Path file = dir.resolve(StatementFileName.of(header, format));
      long started = System.nanoTime();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
        format.writer().write(header, rows, out);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long usedMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
      System.out.printf(
          "%s %d rows: %.1f s, %.1f MB file, heap in use %d MB of max %d MB%n",
          format, count, seconds, Files.size(file) / 1e6, usedMb, Runtime.getRuntime().maxMemory() >> 20);
    }
  }
}
