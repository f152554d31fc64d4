package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.statement.StatementFormat;
import id.bizpro.bizcash.statement.StatementLanguage;
import id.bizpro.bizcash.statement.StatementService;
import id.bizpro.bizcash.user.Users;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** Runs in a {@code -Xmx256m} child JVM: makes one statement and prints seconds and peak heap. */
public final class StatementBenchChild {
  private StatementBenchChild() {}

  public static void main(String[] args) throws Exception {
    DatabaseUrl url = new DatabaseUrl(args[0], Optional.of(args[1]), Optional.empty());
    long userId = Long.parseLong(args[2]);
    StatementFormat format = StatementFormat.valueOf(args[3].toUpperCase(Locale.ROOT));
    try (Database db = Database.connect(url, 2)) {
      var user = new Users(db.jdbi()).byId(userId).orElseThrow();
      StatementService service = new StatementService(new WalletActivity(db.jdbi()), Clock.systemUTC());
      LocalDate today = LocalDate.now(WalletActivity.WIB);
      long t0 = System.nanoTime();
      var generated = service.generate(user, today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()), format, StatementLanguage.ID);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(Locale.ROOT, "RESULT %.3f %d %d %d%n", seconds, peak / (1024 * 1024), generated.summary().entries(),
          Files.size(generated.file()));
      Files.deleteIfExists(generated.file());
    }
  }
}
