package id.bizpro.bizcash.webhook.metrics;

import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.refusal.Refusals;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /metrics}. With a token configured, only {@code Authorization: Bearer <token>} is
 * answered (compared in constant time); anything else gets 401, is counted as a refusal and
 * spends the caller's refusal budget, so the token cannot be guessed at speed. Without a token the
 * route is open: the numbers (order counts, money credited, review queue) are business
 * information, so production sets one. Thread-safe.
 */
public final class MetricsRoute implements Handler {
  public static final String ROUTE = "/metrics";

  private final Jdbi jdbi;
  private final WebhookMetrics metrics;
  private final Optional<String> expectedHeader;
  private final Refusals refusals;

  public MetricsRoute(Jdbi jdbi, WebhookMetrics metrics, Optional<String> token, Refusals refusals) {
    this.jdbi = jdbi;
    this.metrics = metrics;
    this.expectedHeader = token.map(t -> "Bearer " + t);
    this.refusals = refusals;
  }

  @Override
  public void handle(Context ctx) {
    if (expectedHeader.isPresent() && !Signatures.secretEquals(expectedHeader.get(), ctx.header("Authorization"))) {
      OptionalLong wait = refusals.charge(ctx, ROUTE);
      if (wait.isPresent()) {
        Refusals.tooMany(ctx, wait.getAsLong());
        return;
      }
      refusals.count(ROUTE, "bad_token");
      ctx.header("WWW-Authenticate", "Bearer");
      CallbackIntake.error(ctx, 401, "bad_token", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>");
      return;
    }
    ctx.contentType(metrics.contentType()).result(metrics.scrape(jdbi));
  }
}
