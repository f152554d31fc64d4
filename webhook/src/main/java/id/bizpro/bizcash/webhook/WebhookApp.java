package id.bizpro.bizcash.webhook;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.webhook.metrics.MetricsRoute;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import id.bizpro.bizcash.webhook.midtrans.MidtransRoute;
import id.bizpro.bizcash.webhook.midtrans.MidtransStatusClient;
import id.bizpro.bizcash.webhook.moota.MootaRoute;
import id.bizpro.bizcash.webhook.payments.PaymentsRoute;
import id.bizpro.bizcash.webhook.payments.TopUpCrediting;
import id.bizpro.bizcash.webhook.paypage.PayPageRoute;
import id.bizpro.bizcash.webhook.payouts.PayoutsRoute;
import id.bizpro.bizcash.webhook.refusal.RefusalLimiter;
import id.bizpro.bizcash.webhook.refusal.Refusals;
import id.bizpro.bizcash.webhook.telegram.TelegramRoute;
import id.bizpro.bizcash.webhook.telegram.TelegramUpdateSink;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds BizCash's HTTP server from its dependencies and returns it unstarted, so the main program
 * starts it on {@code HTTP_PORT} and tests on a random port. Routes: {@code GET /health}, {@code
 * GET /metrics}, {@code GET /pay/<id>} (payment links), {@code POST
 * /webhooks/payments|midtrans|moota|payouts|ppob} and {@code POST /telegram}.
 * A route whose secret is not configured answers 404 and is named in the start-up log. A database
 * that does not answer gives 503, so gateways retry later. Refused requests are counted, and those
 * not authenticated are limited per client address ({@link Refusals}); {@code /metrics} needs a
 * bearer token when one is configured.
 */
public final class WebhookApp {
  private static final Logger log = LoggerFactory.getLogger(WebhookApp.class);

  private WebhookApp() {}

  /**
   * The services the routes act through. {@code telegram} is empty when the bot does not run in
   * webhook mode here.
   */
  public record Services(
      TopUpOrders orders, Withdrawals withdrawals, PaymentAlerts alerts, Optional<TelegramUpdateSink> telegram,
      WebhookMetrics metrics, Optional<id.bizpro.bizcash.ppob.PpobService> ppob, Optional<PayPageRoute.Source> payPage) {

    /** Without PPOB and without the payment-link page (POST /webhooks/ppob and GET /pay/… answer 404). */
    public Services(TopUpOrders orders, Withdrawals withdrawals, PaymentAlerts alerts,
        Optional<TelegramUpdateSink> telegram, WebhookMetrics metrics) {
      this(orders, withdrawals, alerts, telegram, metrics, Optional.empty(), Optional.empty());
    }

    /** With PPOB's callbacks on {@code POST /webhooks/ppob}. */
    public Services withPpob(Optional<id.bizpro.bizcash.ppob.PpobService> service) {
      return new Services(orders, withdrawals, alerts, telegram, metrics, service, payPage);
    }

    /** With the payment-link page GET /pay/&lt;id&gt;. */
    public Services withPayPage(PayPageRoute.Source source) {
      return new Services(orders, withdrawals, alerts, telegram, metrics, ppob, Optional.of(source));
    }

    /** Services over {@code db} with the given rules and admins, and no Telegram sink. */
    public static Services of(Database db, MoneyRules rules, java.util.Set<Long> adminTelegramIds, Clock clock) {
      Ledger ledger = new Ledger(db.jdbi(), rules.ledgerLimits());
      PaymentAlerts alerts = new PaymentAlerts(adminTelegramIds);
      return new Services(
          new TopUpOrders(db.jdbi(), ledger, rules, clock, alerts),
          new Withdrawals(db.jdbi(), ledger, new BankAccounts(db.jdbi()), rules, clock),
          alerts, Optional.empty(), new WebhookMetrics());
    }

    public Services withTelegram(TelegramUpdateSink sink) {
      return new Services(orders, withdrawals, alerts, Optional.of(sink), metrics, ppob, payPage);
    }
  }

  /** With default money rules, no admins and no Telegram sink (tools and older callers). */
  public static Javalin create(Database db, WebhookSettings settings) {
    return create(db, settings, Services.of(db, MoneyRules.defaults(), java.util.Set.of(), Clock.systemUTC()));
  }

  public static Javalin create(Database db, WebhookSettings settings, Services services) {
    return create(db, settings, services, Optional.empty());
  }

  /**
   * With the BizPro platform API under {@code /api/v1} when {@code platform} is present (issue #19;
   * off, answering 404, without {@code PLATFORM_API_KEYS}).
   */
  public static Javalin create(Database db, WebhookSettings settings, Services services,
      Optional<id.bizpro.bizcash.webhook.platform.PlatformApi> platform) {
    Callbacks callbacks = new Callbacks(db.jdbi());
    WebhookMetrics metrics = services.metrics();
    Refusals refusals = new Refusals(new RefusalLimiter(settings.refusalsPerMinute()), metrics);
    CallbackIntake intake = new CallbackIntake(callbacks, metrics, refusals, services.alerts());
    TopUpCrediting crediting = new TopUpCrediting(services.orders(), metrics);
    List<String> off = new ArrayList<>();
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.concurrency.useVirtualThreads = true;
      config.routes.get("/health", timed(metrics, "/health", ctx -> {
        boolean up = db.isHealthy();
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
            .json(Map.of("status", up ? "ok" : "unavailable", "database", up ? "up" : "down"));
      }));
      config.routes.get(MetricsRoute.ROUTE, new MetricsRoute(db.jdbi(), metrics, settings.metricsToken(), refusals));
      if (services.payPage().isPresent()) {
        config.routes.get(PayPageRoute.ROUTE, timed(metrics, "/pay", new PayPageRoute(services.payPage().get())));
      } else {
        off.add("GET /pay/<id> (no payment-link page wired)");
        config.routes.get(PayPageRoute.ROUTE, ctx -> ctx.status(404).result("not found"));
      }
      route(config, metrics, off, "/webhooks/payments", "PAYMENT_WEBHOOK_SECRET",
          settings.paymentWebhookSecret().map(s -> new PaymentsRoute(db.jdbi(), s, intake, crediting)));
      route(config, metrics, off, "/webhooks/midtrans", "MIDTRANS_SERVER_KEY",
          settings.midtransServerKey().map(k ->
              new MidtransRoute(db.jdbi(), k, intake, crediting, services.orders(), services.alerts(),
                  new MidtransStatusClient(settings.midtransApiUrl(), k))));
      route(config, metrics, off, "/webhooks/moota", "MOOTA_SECRET",
          settings.mootaSecret().map(s ->
              new MootaRoute(db.jdbi(), s, intake, crediting, services.orders(), settings.payeeAccountNumbers())));
      route(config, metrics, off, "/webhooks/payouts", "PAYMENT_WEBHOOK_SECRET",
          settings.paymentWebhookSecret().map(s ->
              new PayoutsRoute(db.jdbi(), s, intake, services.withdrawals(), services.alerts())));
      route(config, metrics, off, "/webhooks/ppob",
          services.ppob().isEmpty() ? "PPOB_USERNAME and PPOB_API_KEY" : "PPOB_WEBHOOK_SECRET",
          services.ppob().flatMap(p -> p.settings().webhookSecret().map(s ->
              new id.bizpro.bizcash.webhook.ppob.PpobRoute(db.jdbi(), s, intake, p))));
      route(config, metrics, off, "/telegram",
          services.telegram().isEmpty() ? "a Telegram update sink (webhook mode)" : "TELEGRAM_WEBHOOK_SECRET",
          settings.telegramWebhookSecret().flatMap(s -> services.telegram().map(sink ->
              new TelegramRoute(s, sink, refusals, metrics))));
      if (platform.isPresent()) {
        platform.get().register(config);
      } else {
        off.add("/api/v1/* (set PLATFORM_API_KEYS)");
      }
      config.routes.exception(CallbackRefused.class, (e, ctx) -> {
        if (e.retryAfterSeconds() > 0) {
          ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        CallbackIntake.error(ctx, e.httpStatus(), e.code(), e.getMessage());
      });
      config.routes.exception(JdbiException.class, (e, ctx) -> {
        if (DataErrors.isBadData(e)) {
          // The transaction rolled back; the value itself is unstorable, so a retry cannot help.
          log.info("Refused {} {}: a value the database cannot store ({})", ctx.method(), ctx.path(), e.getMessage());
          CallbackIntake.error(ctx, 400, "invalid_value", "a field holds a value that cannot be stored");
          return;
        }
        log.warn("Database unavailable while handling {} {}: {}", ctx.method(), ctx.path(), e.toString());
        CallbackIntake.error(ctx, 503, "database_unavailable", "the database is not answering; retry later");
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("Unexpected failure handling {} {}", ctx.method(), ctx.path(), e);
        CallbackIntake.error(ctx, 500, "internal_error", "unexpected failure; retry later");
      });
    });
    if (settings.metricsToken().isEmpty()) {
      log.warn("GET /metrics is open to anyone who can reach HTTP_PORT: set METRICS_TOKEN in production");
    }
    log.info("Refused requests: {} a minute per client address, then 429", settings.refusalsPerMinute());
    if (off.isEmpty()) {
      log.info("HTTP routes: all webhook routes are on");
    } else {
      log.info("HTTP routes off (answer 404): {}", String.join("; ", off));
    }
    return app;
  }

  private static void route(JavalinConfig config, WebhookMetrics metrics, List<String> off, String path, String needs,
      Optional<? extends Handler> handler) {
    if (handler.isPresent()) {
      config.routes.post(path, timed(metrics, path, handler.get()));
      return;
    }
    off.add("POST " + path + " (set " + needs + ")");
    config.routes.post(path, ctx -> CallbackIntake.error(ctx, 404, "not_configured",
        "POST " + path + " is off: " + needs + " is not set"));
  }

  /** Records the handler's latency by route and final status, including failures, and counts bad-data refusals. */
  private static Handler timed(WebhookMetrics metrics, String route, Handler handler) {
    return ctx -> {
      long start = System.nanoTime();
      try {
        handler.handle(ctx);
        metrics.request(route, ctx.statusCode(), System.nanoTime() - start);
      } catch (CallbackRefused e) {
        metrics.request(route, e.httpStatus(), System.nanoTime() - start);
        throw e;
      } catch (JdbiException e) {
        boolean badData = DataErrors.isBadData(e);
        metrics.request(route, badData ? 400 : 503, System.nanoTime() - start);
        if (badData) {
          metrics.refused(route, "invalid_value");
        }
        throw e;
      } catch (Exception e) {
        metrics.request(route, 500, System.nanoTime() - start);
        throw e;
      }
    };
  }
}
