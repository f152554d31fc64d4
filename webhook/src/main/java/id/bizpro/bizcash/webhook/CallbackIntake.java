package id.bizpro.bizcash.webhook;

import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.CanonicalJson;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import id.bizpro.bizcash.webhook.refusal.Refusals;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every provider's callback shares: read the body with a size limit, keep the headers
 * worth keeping, handle each event once (a repeat with the same JSON is a duplicate, a repeat with
 * different JSON a conflict kept for the admins), store refusals for the record — whole only when
 * the request was authenticated, else as a bounded sample — and answer in one JSON shape ({@code
 * {"outcome": …}} on success, {@code {"error": code, "message": …}} on refusal). Thread-safe.
 */
public record CallbackIntake(
    Callbacks callbacks,
    WebhookMetrics metrics,
    Refusals refusals,
    PaymentAlerts alerts) {
  private static final Logger log = LoggerFactory.getLogger(CallbackIntake.class);

  /** Larger bodies are refused with 413 before they are parsed or stored. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int MAX_UNAUTHENTICATED_KEY_CHARS = 128;

  /** The route a provider's callbacks arrive on, as counted in {@code /metrics}. */
  public static String route(String provider) {
    return "/webhooks/" + provider;
  }

  /** The raw body, or a 413 refusal when it exceeds {@link #MAX_BODY_BYTES}. */
  public byte[] body(Context ctx, String provider) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(ctx, provider, declared);
    }
    // Chunked bodies declare no length: count while reading and stop one byte past the limit.
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        out.write(buf, 0, n);
        if (out.size() > MAX_BODY_BYTES) {
          throw tooLarge(ctx, provider, out.size());
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A body over the limit is never read further, stored or logged; it still spends the sender's budget. */
  private CallbackRefused tooLarge(Context ctx, String provider, long seenBytes) {
    OptionalLong wait = refusals.charge(ctx, route(provider));
    if (wait.isPresent()) {
      return CallbackRefused.throttled(wait.getAsLong());
    }
    metrics.callback(provider, "too_large");
    refusals.count(route(provider), "body_too_large");
    log.info("{} refused (body_too_large): at least {} bytes", route(provider), seenBytes);
    return new CallbackRefused(413, "body_too_large", "too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  /** The named request headers that are present, for the stored record (never secrets of ours). */
  public static Map<String, String> headers(Context ctx, String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      String v = ctx.header(name);
      if (v != null) {
        out.put(name, v.length() > 500 ? v.substring(0, 500) : v);
      }
    }
    return out;
  }

  public static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Refuses a callback: counts it by route and reason, logs a sample of the body, stores it in its
   * own transaction and answers with the JSON error. An {@code authenticated} request (its
   * signature matched) is stored whole and never throttled. Any other spends one refusal of its
   * address's budget and is stored only as a bounded record (a {@link Refusals#SAMPLE_BYTES}-byte
   * sample, the size and SHA-256 of the body); past the budget it is answered 429 and not stored.
   */
  public void refuse(Context ctx, String provider, Optional<String> eventKey, byte[] body, Map<String, String> headers,
      CallbackRefused refusal, boolean authenticated) {
    String route = route(provider);
    if (!authenticated) {
      OptionalLong wait = refusals.charge(ctx, route);
      if (wait.isPresent()) {
        Refusals.tooMany(ctx, wait.getAsLong());
        return;
      }
    }
    refusals.count(route, refusal.code());
    metrics.callback(provider, refusal.outcome());
    Refusals.log(route, refusal.code(), refusal.getMessage(), body);
    Callbacks.Outcome outcome = Callbacks.Outcome.of(refusal.outcome(), refusal.httpStatus()).withError(refusal.getMessage());
    if (authenticated) {
      callbacks.recordRefused(new Callbacks.Received(provider, eventKey, text(body), headers), outcome);
    } else {
      // The key came from an unauthenticated body: keep only enough of it to search by.
      Optional<String> key = eventKey.map(k -> k.length() > MAX_UNAUTHENTICATED_KEY_CHARS
          ? k.substring(0, MAX_UNAUTHENTICATED_KEY_CHARS) : k);
      callbacks.recordUnauthenticated(new Callbacks.Received(provider, key, Refusals.sample(body), headers),
          body.length, CanonicalJson.sha256Hex(body), outcome);
    }
    error(ctx, refusal.httpStatus(), refusal.code(), refusal.getMessage());
  }

  public static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).json(Map.of("error", code, "message", message));
  }

  /** What a handled callback is answered with; built inside the transaction, sent after commit. */
  public record Reply(Callbacks.Outcome outcome, boolean duplicate) {}

  /**
   * Claims the event in the caller's transaction and, on its first delivery only, runs {@code
   * effect} with the new callback id and stores the outcome it returns. A repeat with the same JSON
   * replays the first outcome. A repeat with different JSON changes nothing either — the first
   * outcome stands — but is answered 409 {@code conflict}, stored whole for review, and alerted to
   * every admin once per distinct body.
   */
  public Reply handleOnce(Handle h, Callbacks.Received received, java.util.function.LongFunction<Callbacks.Outcome> effect) {
    return switch (callbacks.claim(h, received)) {
      case Callbacks.Claim.Duplicate d -> new Reply(replay(d.first()), true);
      case Callbacks.Claim.New c -> {
        Callbacks.Outcome o = effect.apply(c.id());
        callbacks.finish(h, c.id(), o);
        yield new Reply(o, false);
      }
      case Callbacks.Claim.Conflict c -> new Reply(conflict(h, received, c), false);
    };
  }

  private Callbacks.Outcome conflict(Handle h, Callbacks.Received received, Callbacks.Claim.Conflict c) {
    String key = received.eventKey().orElseThrow();
    String shown = key.length() > 100 ? key.substring(0, 100) + "…" : key;
    Callbacks.Outcome o = Callbacks.Outcome.of("conflict", 409)
        .about(c.first().subject().orElse(null), null)
        .withError("event " + shown + " was first received with a different body (callback #" + c.first().id()
            + "); the first outcome (" + c.first().outcome() + ") stands and nothing changed")
        .forReview();
    Callbacks.ConflictRecord stored = callbacks.recordConflict(h, received, c, o);
    if (stored.firstReport()) {
      log.warn("{} event {} delivered again with a different body: stored as callback #{} for review, "
          + "first outcome ({}, callback #{}) stands", received.provider(), shown, stored.id(), c.first().outcome(),
          c.first().id());
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("problem", "event_conflict");
      params.put("provider", received.provider());
      params.put("event_id", shown);
      c.first().subject().ifPresent(s -> params.put("reference", s));
      params.put("first_callback_id", c.first().id());
      params.put("callback_id", stored.id());
      alerts.alert(h, stored.id(), params);
    }
    return o;
  }

  public void reply(Context ctx, String provider, Reply reply) {
    reply(ctx, provider, reply.outcome(), reply.duplicate());
  }

  /** Answers a handled callback: the outcome, whether it was a duplicate, and what it was about. */
  public void reply(Context ctx, String provider, Callbacks.Outcome o, boolean duplicate) {
    metrics.callback(provider, duplicate ? "duplicate" : o.outcome());
    if (o.httpStatus() >= 400) {
      error(ctx, o.httpStatus(), o.outcome(), o.error().orElse(o.outcome()));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", o.outcome());
    body.put("duplicate", duplicate);
    o.subject().ifPresent(s -> body.put("reference", s));
    o.error().ifPresent(e -> body.put("message", e));
    ctx.status(o.httpStatus()).json(body);
  }

  /** The stored first outcome, replayed for a duplicate delivery. */
  public static Callbacks.Outcome replay(Callbacks.Stored first) {
    int status = first.httpStatus() == 0 ? 200 : first.httpStatus();
    return Callbacks.Outcome.of(first.outcome(), status).withError(first.error().orElse(null));
  }
}
