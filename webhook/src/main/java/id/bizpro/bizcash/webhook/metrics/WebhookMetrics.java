package id.bizpro.bizcash.webhook.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numbers behind {@code GET /metrics}, in Prometheus text format: callbacks by provider and
 * outcome, refused requests by route and reason, Telegram updates dropped as unreadable, rupiah
 * credited by provider, request latency by route, and — read from the database at
 * scrape time, a handful of cheap indexed counts — open orders, pending withdrawals, payments
 * waiting for an admin, and the outbox's depth and oldest age. Each instance has its own registry
 * (no static state), so tests and several servers in one JVM do not mix. Thread-safe.
 */
public final class WebhookMetrics {
  private static final Logger log = LoggerFactory.getLogger(WebhookMetrics.class);
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter callbacks =
      Counter.builder().name("bizcash_webhook_callbacks_total")
          .help("Callbacks received, by provider and outcome (credited, duplicate, rejected, mismatch, ...)")
          .labelNames("provider", "outcome").register(registry);
  private final Counter refused =
      Counter.builder().name("bizcash_http_refused_total")
          .help("Requests refused, by route and reason (bad_signature, malformed_json, body_too_large, rate_limited, ...)")
          .labelNames("route", "reason").register(registry);
  private final Counter telegramUnreadable =
      Counter.builder().name("bizcash_telegram_updates_unreadable_total")
          .help("Telegram updates with the right secret that could not be read: logged, answered 200 and dropped")
          .register(registry);
  private final Counter creditedRupiah =
      Counter.builder().name("bizcash_topup_credited_rupiah_total")
          .help("Rupiah credited to wallets by paid top-up orders, by confirming provider")
          .labelNames("provider").register(registry);
  private final Histogram latency =
      Histogram.builder().name("bizcash_http_request_duration_seconds")
          .help("Time to answer an HTTP request, by route and status")
          .labelNames("route", "status").classicOnly()
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .register(registry);
  private final Gauge databaseUp = gauge("bizcash_database_up", "1 when the database answered the last scrape");
  private final Gauge openOrders = gauge("bizcash_topup_orders_open", "Top-up orders waiting for payment");
  private final Gauge pendingWithdrawals = gauge("bizcash_withdrawals_pending", "Withdrawals held and not yet paid or failed");
  private final Gauge reviewPayments = gauge("bizcash_payments_needing_review", "Mismatched or unmatched payments no admin has resolved");
  private final Gauge outboxPending = gauge("bizcash_outbox_pending", "Notifications waiting to be sent");
  private final Gauge outboxOldest = gauge("bizcash_outbox_oldest_pending_seconds", "Age of the oldest notification waiting to be sent");

  private Gauge gauge(String name, String help) {
    return Gauge.builder().name(name).help(help).register(registry);
  }

  public void callback(String provider, String outcome) {
    callbacks.labelValues(provider, outcome).inc();
  }

  /** A refused request; {@code reason} is the error code it was answered with (a small fixed set). */
  public void refused(String route, String reason) {
    refused.labelValues(route, reason).inc();
  }

  public void telegramUnreadable() {
    telegramUnreadable.inc();
  }

  public void credited(String provider, long rupiah) {
    creditedRupiah.labelValues(provider).inc(rupiah);
  }

  public void request(String route, int status, long nanos) {
    latency.labelValues(route, Integer.toString(status)).observe(nanos / 1e9);
  }

  /** Reads the database gauges and renders everything; a database failure shows as {@code bizcash_database_up 0}. */
  public String scrape(Jdbi jdbi) {
    try {
      jdbi.useTransaction(h -> {
        h.execute("SET LOCAL statement_timeout = '2s'");
        h.createQuery(
                """
                SELECT (SELECT count(*) FROM topup_orders WHERE status = 'open'),
                       (SELECT count(*) FROM withdrawals WHERE status = 'pending'),
                       (SELECT count(*) FROM webhook_callbacks WHERE needs_review AND resolved_at IS NULL),
                       (SELECT count(*) FROM outbox WHERE status = 'pending'),
                       (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox WHERE status = 'pending')
                """)
            .map((rs, ctx) -> {
              openOrders.set(rs.getLong(1));
              pendingWithdrawals.set(rs.getLong(2));
              reviewPayments.set(rs.getLong(3));
              outboxPending.set(rs.getLong(4));
              outboxOldest.set(rs.getDouble(5));
              return 0;
            })
            .one();
      });
      databaseUp.set(1);
    } catch (RuntimeException e) {
      log.warn("Metrics: database gauges unavailable: {}", e.toString());
      databaseUp.set(0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TEXT.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  public String contentType() {
    return TEXT.getContentType();
  }
}
