package id.bizpro.bizcash.wiring;

import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.ppob.DigiflazzClient;
import id.bizpro.bizcash.ppob.PpobCatalogue;
import id.bizpro.bizcash.ppob.PpobProvider;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.ppob.PpobSettings;
import id.bizpro.bizcash.ppob.SimulatedProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds PPOB over a process's db services: the Digiflazz client when PPOB_USERNAME and
 * PPOB_API_KEY are set (PPOB is off otherwise), or the built-in simulation (the console only), and
 * schedules its jobs: the catalogue sync at start and every hour (it also reads the deposit), the
 * re-asks of pending purchases every 5 s, and the review of purchases pending too long every minute.
 */
public final class PpobWiring {
  private static final Logger log = LoggerFactory.getLogger(PpobWiring.class);
  public static final Duration SYNC_EVERY = Duration.ofHours(1);

  private PpobWiring() {}

  /** The service over the configured provider; empty when PPOB is not configured. */
  public static Optional<PpobService> configured(PpobSettings settings, LedgerServices services, Executor worker) {
    if (!settings.configured()) {
      log.info("PPOB is off (set PPOB_USERNAME and PPOB_API_KEY): /bayar and its menu button are hidden");
      return Optional.empty();
    }
    log.info("PPOB on: {}", settings);
    return Optional.of(over(settings, services, DigiflazzClient.of(settings), worker));
  }

  /** The console's simulation, with its catalogue synced now. */
  public static PpobService simulated(LedgerServices services) {
    PpobService s = over(new PpobSettings(PpobSettings.DIGIFLAZZ_V1, Optional.empty(), Optional.empty(), Optional.empty(),
        PpobSettings.Markup.flat(1_000), id.bizpro.bizcash.money.Money.ZERO, Duration.ofHours(2)),
        services, new SimulatedProvider(), Runnable::run);
    s.syncCatalogue();
    return s;
  }

  private static PpobService over(PpobSettings settings, LedgerServices services, PpobProvider provider, Executor worker) {
    PaymentAlerts alerts = services.alerts();
    PpobPurchases purchases = new PpobPurchases(services.jdbi(), services.ledger(), new PpobCatalogue(services.jdbi()),
        settings.markup(), services.rules().abuse(), alerts);
    return new PpobService(services.jdbi(), purchases, provider, settings, alerts, services.clock(), worker);
  }

  /** Schedules the catalogue sync, the re-asks and the review on {@code jobs}. */
  public static void schedule(PpobService ppob, ScheduledExecutorService jobs) {
    jobs.scheduleWithFixedDelay(guard("catalogue sync", () -> log.info("PPOB catalogue synced: {} products",
        ppob.syncCatalogue())), 0, SYNC_EVERY.toSeconds(), TimeUnit.SECONDS);
    jobs.scheduleWithFixedDelay(guard("re-asks", ppob::pollDue), 5, 5, TimeUnit.SECONDS);
    jobs.scheduleWithFixedDelay(guard("review", ppob::reviewStuck), 60, 60, TimeUnit.SECONDS);
  }

  private static Runnable guard(String what, Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("PPOB {} failed; will retry", what, e);
      }
    };
  }
}
