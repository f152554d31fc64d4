package id.bizpro.bizcash.app;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import id.bizpro.bizcash.ledger.Reconciliation;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point of {@code bizcash.jar}: {@code (no argument)} runs everything, {@code
 * webhook} only the HTTP server, {@code migrate} migrates and exits, {@code reconcile} checks the
 * whole ledger and exits, {@code console} chats in the terminal, {@code --help} explains. Exit codes: 0 fine, 2 bad configuration or usage, 1 failure.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, Env.system(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, Env env, PrintStream out, PrintStream err) {
    String mode = args.length == 0 ? "run" : args[0];
    if (List.of("--help", "-h", "help").contains(mode)) {
      printHelp(out);
      return 0;
    }
    if (mode.equals("bench")) {
      err.println("bizcash: the benchmarks are no longer in this jar; run java -jar bench/target/bizcash-bench.jar "
          + "[name…] [--quick] (see BENCHMARKS.md)");
      return 2;
    }
    if (!List.of("run", "webhook", "migrate", "reconcile", "console").contains(mode)) {
      err.println("bizcash: unknown mode '" + mode + "'. Run with --help to see the modes.");
      return 2;
    }
    AppConfig config;
    try {
      config = AppConfig.fromEnv(env);
    } catch (ConfigException e) {
      err.println("bizcash: configuration error: " + e.getMessage());
      return 2;
    }
    try {
      return switch (mode) {
        case "migrate" -> migrate(config);
        case "reconcile" -> reconcile(config, out);
        case "console" -> Console.run(config, Arrays.copyOfRange(args, 1, args.length));
        case "webhook" -> serve(config, false);
        default -> serve(config, true);
      };
    } catch (ConfigException e) {
      err.println("bizcash: configuration error: " + e.getMessage());
      return 2;
    } catch (EmbeddedDatabase.DataDirectoryInUseException e) {
      err.println("bizcash: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // Whatever had started is stopped by Application.start; exiting ends the threads it could
      // not reach (a half-started process would answer 503 forever).
      log.error("Start-up failed", e);
      err.println("bizcash: could not start: " + e.getMessage());
      return 1;
    }
  }

  private static int migrate(AppConfig config) {
    try (Database db = Database.open(config.database())) {
      log.info("Migrations applied; the database is up to date.");
    }
    return 0;
  }

  /**
   * The full reconciliation, every entry of the ledger, on demand (the running application checks
   * only since the checkpoint at start-up, and the full check on its RECONCILE_FULL_EVERY
   * schedule). Exit 0 when the books hold, 1 with every violation printed.
   */
  private static int reconcile(AppConfig config, PrintStream out) {
    try (Database db = Database.open(config.database())) {
      Reconciliation.Report report = new Reconciliation(db.jdbi()).run();
      out.println(report.summary());
      if (report.holds()) {
        return 0;
      }
      log.error("Reconciliation: {} — {}", report.summary(), report.violations());
      report.violations().forEach(v -> out.println("  " + v));
      return 1;
    }
  }

  private static int serve(AppConfig config, boolean withBot) {
    Application app = Application.start(config, withBot);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static void printHelp(PrintStream out) {
    out.println("""
        BizCash bot — FinancePro's BizCash wallet in Telegram.

        Usage: java -jar bizcash.jar [mode]

        Modes:
          (none)     run everything: the Telegram bot, the webhook/health HTTP server and background jobs
          webhook    run only the HTTP server (webhooks, /health, /metrics) and background jobs
          migrate    apply database migrations and exit
          reconcile  check the whole ledger (every entry) and exit: 0 when it balances, 1 with the violations
          console    chat with the bot's flows in this terminal, without Telegram
          --help     show this help

        Environment variables:""");
    for (String[] v : AppConfig.VARIABLES) {
      out.printf("  %-24s %s%n", v[0], v[1]);
    }
    out.println();
    out.println("Benchmarks are a module of their own: java -jar bench/target/bizcash-bench.jar [name…] [--quick]");
    out.println("(see BENCHMARKS.md).");
    out.println();
    out.println("With DATABASE_URL unset, an embedded PostgreSQL 17 keeps its data in BIZCASH_DATA_DIR.");
  }
}
