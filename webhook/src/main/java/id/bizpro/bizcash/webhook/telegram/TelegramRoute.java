package id.bizpro.bizcash.webhook.telegram;

import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import id.bizpro.bizcash.webhook.refusal.Refusals;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /telegram}: Telegram's webhook delivery. Checks {@code X-Telegram-Bot-Api-Secret-Token}
 * in constant time (401 otherwise, counted and charged to the sender's refusal budget), hands the
 * raw update to the {@link TelegramUpdateSink} and answers 200. An update with the right secret
 * that cannot be read is logged (exception type and the first bytes), counted and answered 200:
 * Telegram delivers a bot's updates in order, so answering it with an error would hold every later
 * update behind it forever. A sink that cannot accept an update for now answers 500 so Telegram
 * redelivers. Thread-safe.
 */
public record TelegramRoute(
    String secret,
    TelegramUpdateSink sink,
    Refusals refusals,
    WebhookMetrics metrics) implements Handler {
  public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  public static final String ROUTE = "/telegram";
  private static final Logger log = LoggerFactory.getLogger(TelegramRoute.class);

  @Override
  public void handle(Context ctx) {
    if (!Signatures.secretEquals(secret, ctx.header(SECRET_HEADER))) {
      OptionalLong wait = refusals.charge(ctx, ROUTE);
      if (wait.isPresent()) {
        Refusals.tooMany(ctx, wait.getAsLong());
        return;
      }
      refusals.count(ROUTE, "bad_secret_token");
      Refusals.log(ROUTE, "bad_secret_token", "wrong or missing " + SECRET_HEADER, ctx.bodyAsBytes());
      CallbackIntake.error(ctx, 401, "bad_secret_token", "the " + SECRET_HEADER + " header does not match");
      return;
    }
    String body = ctx.body();
    try {
      if (body.isBlank() || body.charAt(0) != '{') {
        throw new TelegramUpdateSink.UnreadableUpdate(new IllegalArgumentException("not a JSON object"));
      }
      sink.accept(body);
    } catch (TelegramUpdateSink.UnreadableUpdate e) {
      metrics.telegramUnreadable();
      log.warn("Telegram update dropped: it cannot be read ({}); {} bytes, starts: {}", e.getMessage(),
          body.getBytes(StandardCharsets.UTF_8).length, Refusals.sample(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      log.warn("Telegram update not accepted; Telegram will redeliver it", e);
      CallbackIntake.error(ctx, 500, "not_accepted", "the update could not be accepted; retry");
      return;
    }
    ctx.status(200).json(Map.of("ok", true));
  }

  /** Without the secret: a record would print every component. */
  @Override
  public String toString() {
    return "TelegramRoute[secret hidden]";
  }
}
