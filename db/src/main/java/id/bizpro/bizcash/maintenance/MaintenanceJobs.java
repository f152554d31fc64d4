package id.bizpro.bizcash.maintenance;

import id.bizpro.bizcash.ledger.Reconciliation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's housekeeping, run beside the application's other jobs: the planner statistics of
 * the hot tables every 10 s ({@link PlannerStatistics}: an ANALYZE only when a table has none or
 * doubled since its last one), the ledger check since the checkpoint every minute (it moves the checkpoint, so the next start-up reads little), the
 * full check every {@link MaintenanceSettings#reconcileFullEvery()} on a thread of its own (it
 * reads the whole ledger and must not hold up order expiry), and the {@link Retention} prune every
 * hour. A broken ledger is logged at ERROR by every check that sees it. Safe with several
 * instances: one check at a time moves the checkpoint (each instance may run its own full check).
 * Thread-safe; {@link #close()} stops the full check's thread.
 */
public final class MaintenanceJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MaintenanceJobs.class);
  static final Duration CHECK_EVERY = Duration.ofMinutes(1);
  static final Duration PRUNE_EVERY = Duration.ofHours(1);
  static final Duration STATISTICS_EVERY = Duration.ofSeconds(10);

  private final Reconciliation reconciliation;
  private final Retention retention;
  private final PlannerStatistics statistics;
  private final MaintenanceSettings settings;
  private final ExecutorService fullCheck;
  private final AtomicBoolean fullRunning = new AtomicBoolean();

  private MaintenanceJobs(Jdbi jdbi, MaintenanceSettings settings) {
    this.reconciliation = new Reconciliation(jdbi);
    this.retention = new Retention(jdbi, settings);
    this.statistics = new PlannerStatistics(jdbi);
    this.settings = settings;
    this.fullCheck = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "reconcile-full");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * What start-up does before serving: statistics for tables that have none or outgrew them (a
   * restored dump has none; plans made without them are kept by every pooled connection), then
   * the ledger check since the checkpoint, logged. The check is skipped (with a warning; the
   * result is empty) when the ledger has entries but no checkpoint yet — the first start after the
   * upgrade that added checkpoints: it would read the whole ledger, so the full check does that in
   * the background instead, within {@link #CHECK_EVERY}.
   */
  public static Optional<Reconciliation.Report> atStartup(Jdbi jdbi) {
    List<String> analysed = new PlannerStatistics(jdbi).refreshStale();
    if (!analysed.isEmpty()) {
      log.info("Analysed {}: their statistics were missing or outgrown", analysed);
    }
    Reconciliation reconciliation = new Reconciliation(jdbi);
    boolean unverifiedLedger = !reconciliation.lastFull(Duration.ofDays(1)).hasCheckpoint()
        && jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM entries)").mapTo(Boolean.class).one());
    if (unverifiedLedger) {
      log.warn("Reconciliation: the ledger has no checkpoint yet; the full check runs in the background within a minute");
      return Optional.empty();
    }
    Reconciliation.Report report = reconciliation.latest();
    if (report.holds()) {
      log.info("Reconciliation: {}", report.summary());
    } else {
      log.error("Reconciliation: {} — {}", report.summary(), report.violations());
    }
    return Optional.of(report);
  }

  /** Schedules the checks and the prune on {@code jobs}; close the result at shutdown. */
  public static MaintenanceJobs start(ScheduledExecutorService jobs, Jdbi jdbi, MaintenanceSettings settings) {
    MaintenanceJobs m = new MaintenanceJobs(jdbi, settings);
    jobs.scheduleWithFixedDelay(m::checkLedger, CHECK_EVERY.toSeconds(), CHECK_EVERY.toSeconds(), TimeUnit.SECONDS);
    jobs.scheduleWithFixedDelay(m::prune, 5, PRUNE_EVERY.toMinutes(), TimeUnit.MINUTES);
    jobs.scheduleWithFixedDelay(m::refreshStatistics, STATISTICS_EVERY.toSeconds(), STATISTICS_EVERY.toSeconds(), TimeUnit.SECONDS);
    return m;
  }

  /** One tick: start the full check when it is due, else check since the checkpoint. */
  void checkLedger() {
    try {
      Reconciliation.LastFull last = reconciliation.lastFull(settings.reconcileFullEvery());
      if (last.due() && fullRunning.compareAndSet(false, true)) {
        fullCheck.execute(this::fullCheck);
      } else if (last.hasCheckpoint() && !fullRunning.get()) {
        Reconciliation.Report report = reconciliation.sinceCheckpoint();
        if (report.holds()) {
          log.debug("Reconciliation: {}", report.summary());
        } else {
          log.error("Reconciliation: {} — {}", report.summary(), report.violations());
        }
      }
    } catch (RuntimeException e) {
      log.warn("Reconciliation since the checkpoint failed; will retry", e);
    }
  }

  private void fullCheck() {
    try {
      long started = System.nanoTime();
      Reconciliation.Report report = reconciliation.run();
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (report.holds()) {
        log.info("Full reconciliation in {} ms: {}", ms, report.summary());
      } else {
        log.error("Full reconciliation in {} ms: {} — {}", ms, report.summary(), report.violations());
      }
    } catch (RuntimeException e) {
      log.warn("Full reconciliation failed; will retry", e);
    } finally {
      fullRunning.set(false);
    }
  }

  boolean fullCheckRunning() {
    return fullRunning.get();
  }

  void refreshStatistics() {
    try {
      List<String> analysed = statistics.refreshStale();
      if (!analysed.isEmpty()) {
        log.info("Analysed {}: they outgrew their statistics", analysed);
      }
    } catch (RuntimeException e) {
      log.warn("Refreshing planner statistics failed; will retry", e);
    }
  }

  void prune() {
    try {
      Retention.Pruned pruned = retention.prune();
      if (pruned.total() > 0) {
        log.info("Pruned {} update ids, {} confirm buttons, {} idle chats, {} rate-limit rows",
            pruned.processedUpdates(), pruned.pendingActions(), pruned.conversations(), pruned.updateRates());
      }
    } catch (RuntimeException e) {
      log.warn("Pruning failed; will retry", e);
    }
  }

  @Override
  public void close() {
    fullCheck.shutdownNow();
  }
}
