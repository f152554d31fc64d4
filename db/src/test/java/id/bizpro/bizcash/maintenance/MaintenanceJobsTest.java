package id.bizpro.bizcash.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.testing.LedgerFixture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The jobs run the full check when it is due, off the caller's thread, and otherwise the check since the checkpoint. */
class MaintenanceJobsTest {
  @Test
  void an_upgraded_ledger_without_checkpoint_is_left_to_the_first_full_check_which_creates_it() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      f.fund(f.user("ana"), 10_000);
      // As after the upgrade: entries, no checkpoint, no full check yet.
      assertEquals(Optional.empty(), MaintenanceJobs.atStartup(f.db.jdbi()));

      ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor();
      try (MaintenanceJobs m = MaintenanceJobs.start(jobs, f.db.jdbi(), MaintenanceSettings.defaults())) {
        m.checkLedger();
        Reconciliation.LastFull last = awaitFullCheck(f, m);
        assertTrue(last.holds() && last.hasCheckpoint(), last.toString());
        assertFalse(f.reconciliation.lastFull(Duration.ofDays(1)).due(), "not due again for a day");

        // Start-up now reads only what came after the checkpoint.
        f.fund(f.user("budi"), 5_000);
        Reconciliation.Report startup = MaintenanceJobs.atStartup(f.db.jdbi()).orElseThrow();
        assertEquals(Reconciliation.Scope.SINCE_CHECKPOINT, startup.scope());
        assertEquals(2, startup.entriesRead());
        f.fund(f.user("citra"), 5_000);
        m.checkLedger();
        assertEquals(0, f.reconciliation.sinceCheckpoint().entriesRead(), "the tick moved the checkpoint");
      } finally {
        jobs.shutdownNow();
      }
    }
  }

  private static Reconciliation.LastFull awaitFullCheck(LedgerFixture f, MaintenanceJobs m) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      Reconciliation.LastFull last = f.reconciliation.lastFull(Duration.ofDays(1));
      if (last.at().isPresent() && !m.fullCheckRunning()) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the full check never ran");
  }
}
