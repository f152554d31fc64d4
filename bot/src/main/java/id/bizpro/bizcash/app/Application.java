package id.bizpro.bizcash.app;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.maintenance.MaintenanceJobs;
import id.bizpro.bizcash.platform.PlatformCallbacks;
import id.bizpro.bizcash.platform.PlatformCharges;
import id.bizpro.bizcash.platform.PlatformCreditGroupCommit;
import id.bizpro.bizcash.platform.PlatformCredits;
import id.bizpro.bizcash.platform.PlatformLinks;
import id.bizpro.bizcash.webhook.platform.PlatformApi;
import id.bizpro.bizcash.webhook.platform.PlatformAuth;
import id.bizpro.bizcash.webhook.platform.PlatformCallbackDelivery;
import id.bizpro.bizcash.topup.PaymentLinks;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.webhook.WebhookApp;
import id.bizpro.bizcash.webhook.paypage.PayPageRoute;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import id.bizpro.bizcash.webhook.midtrans.SnapClient;
import id.bizpro.bizcash.wiring.LedgerServices;
import id.bizpro.bizcash.user.PinResets;
import id.bizpro.bizcash.wiring.Conversations;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: database, HTTP server, Telegram bot (when a token is configured) and
 * background jobs, wired from an {@link AppConfig}. {@link #close()} stops them in reverse order.
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final Database db;
  private final LedgerServices services;
  private final Javalin http;
  private final ScheduledExecutorService jobs;
  private final PaymentLinks paymentLinks;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private Application(Database db, LedgerServices services, Javalin http, ScheduledExecutorService jobs,
      PaymentLinks paymentLinks) {
    this.db = db;
    this.services = services;
    this.http = http;
    this.jobs = jobs;
    this.paymentLinks = paymentLinks;
  }

  public static Application start(AppConfig config, boolean withBot) {
    long started = System.nanoTime();
    log.info("Starting BizCash: {}", config);
    if (config.payeeAccountsArePlaceholder()) {
      log.warn("BIZPRO_BANK_ACCOUNTS is not set: top-up orders show a placeholder bank account.");
    }
    Database db = Database.open(config.database());
    // What has started so far, stopped in reverse if a later step fails.
    List<AutoCloseable> running = new ArrayList<>();
    try {
      Clock clock = Clock.systemUTC();
      // The one set of db services of this process: routes, jobs and conversations share it.
      LedgerServices services = LedgerServices.over(db.jdbi(), config.rules(), clock, config.adminTelegramIds(), config.paid());
      // Stale planner statistics, then the ledger since the checkpoint only (the full check runs on
      // the jobs' schedule, RECONCILE_FULL_EVERY).
      MaintenanceJobs.atStartup(db.jdbi());
      TopUpOrders orders = services.topUpOrders();

      PaymentLinks paymentLinks =
          SnapClient.orNone(config.webhook().midtransServerKey(), config.webhook().midtransSnapUrl());
      // PPOB (off unless configured): purchases are sent to the provider on worker threads.
      java.util.concurrent.ExecutorService ppobWorker = Executors.newVirtualThreadPerTaskExecutor();
      running.add(ppobWorker::shutdown);
      Optional<id.bizpro.bizcash.ppob.PpobService> ppob =
          id.bizpro.bizcash.wiring.PpobWiring.configured(config.ppob(), services, ppobWorker);
      Optional<TelegramSide> telegram = Optional.empty();
      if (withBot && config.telegramBotToken().isPresent()) {
        telegram = Optional.of(TelegramSide.start(config, services, paymentLinks, ppob));
        running.add(telegram.get());
      }

      // Webhook routes share the order service with the expiry job; in Telegram webhook mode the
      // POST /telegram route feeds the same update pipeline as long polling.
      Javalin http = WebhookApp.create(db, config.webhook(), services.webhook(
          telegram.filter(t -> config.telegramWebhookUrl().isPresent()).map(TelegramSide::updateSink),
          new WebhookMetrics()).withPpob(ppob).withPayPage(new PayPageRoute.Source(services.payLinks(), services.users(),
              config.payeeAccounts(), config.publicBaseUrl(), clock)), platformApi(config, services));
      // Signed callbacks to the BizPro platform (issue #19), from their outbox.
      if (config.platform().callbackUrl().isPresent()) {
        PlatformCallbackDelivery delivery = new PlatformCallbackDelivery(new PlatformCallbacks(db.jdbi()),
            config.platform().callbackUrl().get(), config.platform().callbackSecret().orElseThrow(), clock,
            Duration.ofMillis(500));
        delivery.start();
        running.add(delivery);
      }
      running.add(http::stop);
      http.start(config.webhook().httpPort());
      log.info("HTTP server listening on port {}", http.port());

      ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jobs");
        t.setDaemon(true);
        return t;
      });
      jobs.scheduleWithFixedDelay(() -> {
        try {
          int expired = orders.expireDue(500);
          if (expired > 0) {
            log.info("Expired {} unpaid top-up orders", expired);
          }
          orders.releaseQuarantined(500);
          int returned = services.inlineSends().returnDue(500);
          if (returned > 0) {
            log.info("Returned {} unclaimed inline sends to their senders", returned);
          }
          int requests = services.requests().expireDue(500);
          if (requests > 0) {
            log.info("Expired {} unpaid payment requests", requests);
          }
          // Platform charges past their time: charge.expired to the platform (issue #19).
          int charges = new PlatformCharges(db.jdbi()).expireDue(clock.instant(), 500);
          if (charges > 0) {
            log.info("Expired {} unpaid platform charges", charges);
          }
        } catch (RuntimeException e) {
          log.warn("Order expiry failed; will retry", e);
        }
      }, 5, 30, TimeUnit.SECONDS);
      running.add(jobs::shutdownNow);
      // "Forgot PIN": tell each user whose reset's wait is over that a new PIN may be set.
      PinResets pinResets = Conversations.pinResets(services);
      jobs.scheduleWithFixedDelay(() -> {
        try {
          pinResets.notifyReady(500);
        } catch (RuntimeException e) {
          log.warn("PIN reset notifications failed; will retry", e);
        }
      }, 7, 30, TimeUnit.SECONDS);
      ppob.ifPresent(p -> id.bizpro.bizcash.wiring.PpobWiring.schedule(p, jobs));
      MaintenanceJobs maintenance = MaintenanceJobs.start(jobs, db.jdbi(), config.maintenance());
      running.add(maintenance);

      Application app = new Application(db, services, http, jobs, paymentLinks);
      app.closeables.add(maintenance);
      telegram.ifPresent(app.closeables::add);
      telegram.ifPresent(t -> t.connect(config));
      if (withBot && config.telegramBotToken().isEmpty()) {
        log.warn("TELEGRAM_BOT_TOKEN is not set: the bot is not connected to Telegram. "
            + "The HTTP server runs; set the token to chat, or try `java -jar bizcash.jar console`.");
      }
      log.info("BizCash started in {} ms", (System.nanoTime() - started) / 1_000_000);
      return app;
    } catch (RuntimeException e) {
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception stopping) {
          e.addSuppressed(stopping);
        }
      }
      db.close();
      throw e;
    }
  }

  /** The BizPro platform API under /api/v1 when PLATFORM_API_KEYS is set (issue #19). */
  private static Optional<PlatformApi> platformApi(AppConfig config, LedgerServices services) {
    return config.platform().keys().map(keys -> new PlatformApi(
        new PlatformAuth(keys, services.jdbi(), services.clock(), config.platform().requestsPerSecond()),
        new PlatformLinks(services.jdbi()),
        new PlatformCreditGroupCommit(new PlatformCredits(services.jdbi(), config.platform().dailyLimit(),
            Optional.of(config.rules().balanceCap()), services.alerts())),
        new PlatformCharges(services.jdbi()),
        services.ledger(), services.clock(), () -> config.telegramBotUsername().orElseThrow()));
  }

  public Database database() {
    return db;
  }

  /** The db services every part of this process acts through. */
  public LedgerServices services() {
    return services;
  }

  /** Midtrans Snap links for new top-up orders when MIDTRANS_SERVER_KEY is set, else none. */
  public PaymentLinks paymentLinks() {
    return paymentLinks;
  }

  public int httpPort() {
    return http.port();
  }

  /** The Telegram side when the bot runs (for tests that wait for its quiet point). */
  Optional<TelegramSide> telegram() {
    return closeables.stream().filter(TelegramSide.class::isInstance).map(TelegramSide.class::cast).findFirst();
  }

  @Override
  public void close() {
    log.info("Stopping BizCash");
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.warn("Stopping {} failed", closeables.get(i), e);
      }
    }
    jobs.shutdownNow();
    http.stop();
    db.close();
  }
}
