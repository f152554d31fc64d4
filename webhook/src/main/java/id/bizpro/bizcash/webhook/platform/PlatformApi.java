package id.bizpro.bizcash.webhook.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.CanonicalJson;
import id.bizpro.bizcash.platform.PlatformCharges;
import id.bizpro.bizcash.platform.PlatformCreditGroupCommit;
import id.bizpro.bizcash.platform.PlatformCredits;
import id.bizpro.bizcash.platform.PlatformLinks;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * BizPro's server-to-server API under {@code /api/v1} (issue #19): account links, credits (one and
 * in batches of up to {@link #MAX_BATCH}) and the OpenAPI description. Every route but {@code
 * openapi.json} is signed ({@link PlatformAuth}). Errors are JSON {@code {"error", "message"}}
 * like the webhook routes'. Thread-safe.
 */
public final class PlatformApi {
  public static final String PREFIX = "/api/v1";
  public static final int MAX_BATCH = 10_000;
  /** A batch of 10,000 items is about 2 MB; bodies past this are refused unread. */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  public static final long MAX_AMOUNT = 1_000_000_000_000L;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final PlatformAuth auth;
  private final PlatformLinks links;
  private final PlatformCreditGroupCommit credits;
  private final PlatformCharges charges;
  private final Ledger ledger;
  private final Clock clock;
  private final Supplier<String> botUsername;

  /** @param botUsername the bot's username for deep links (known once Telegram answered getMe) */
  public PlatformApi(PlatformAuth auth, PlatformLinks links, PlatformCreditGroupCommit credits, PlatformCharges charges,
      Ledger ledger, Clock clock, Supplier<String> botUsername) {
    this.auth = auth;
    this.links = links;
    this.credits = credits;
    this.charges = charges;
    this.ledger = ledger;
    this.clock = clock;
    this.botUsername = botUsername;
  }

  /** Every route, as "METHOD path" (what openapi.json must describe, PlatformOpenApiTest). */
  public Map<String, Handler> routes() {
    Map<String, Handler> routes = new LinkedHashMap<>();
    routes.put("GET " + PREFIX + "/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.json()));
    routes.put("POST " + PREFIX + "/links", signed(this::link));
    routes.put("GET " + PREFIX + "/users/{bizpro_user_id}", signed(this::user));
    routes.put("POST " + PREFIX + "/credits", signed(this::credit));
    routes.put("POST " + PREFIX + "/credits/batch", signed(this::batch));
    routes.put("POST " + PREFIX + "/charges", signed(this::charge));
    return routes;
  }

  public void register(JavalinConfig config) {
    routes().forEach((route, handler) -> {
      String path = route.substring(route.indexOf(' ') + 1);
      if (route.startsWith("GET ")) {
        config.routes.get(path, handler);
      } else {
        config.routes.post(path, handler);
      }
    });
  }

  @FunctionalInterface
  interface SignedHandler {
    void handle(Context ctx, PlatformKeys.Key key, byte[] body) throws Exception;
  }

  private Handler signed(SignedHandler h) {
    return ctx -> {
      byte[] body = body(ctx);
      String uri = ctx.req().getRequestURI();
      String query = ctx.req().getQueryString();
      PlatformKeys.Key key = auth.authenticate(ctx.method().name(), query == null ? uri : uri + "?" + query,
          ctx.header(PlatformAuth.KEY_HEADER), ctx.header(PlatformAuth.TIMESTAMP_HEADER),
          ctx.header(PlatformAuth.SIGNATURE_HEADER), body);
      h.handle(ctx, key, body);
    };
  }

  private static byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw new CallbackRefused(413, "body_too_large", "too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) != -1) {
        out.write(buf, 0, n);
        if (out.size() > MAX_BODY_BYTES) {
          throw new CallbackRefused(413, "body_too_large", "too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // POST /api/v1/links {bizpro_user_id, display_name}
  private void link(Context ctx, PlatformKeys.Key key, byte[] body) {
    JsonNode json = object(body);
    String bizpro = text(json, "bizpro_user_id", 64, true).orElseThrow();
    String name = text(json, "display_name", 100, true).orElseThrow();
    PlatformLinks.Requested r = links.request(bizpro, name, clock.instant());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("link_url", "https://t.me/" + botUsername.get() + "?start=" + PlatformLinks.PAYLOAD_PREFIX + r.token());
    out.put("expires_at", r.expiresAt().toString());
    ctx.status(201).json(out);
  }

  // GET /api/v1/users/{bizpro_user_id}
  private void user(Context ctx, PlatformKeys.Key key, byte[] body) {
    String bizpro = URLDecoder.decode(ctx.pathParam("bizpro_user_id"), StandardCharsets.UTF_8);
    Optional<PlatformLinks.Link> link = links.active(bizpro);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bizpro_user_id", bizpro);
    out.put("linked", link.isPresent());
    link.ifPresent(l -> {
      out.put("linked_at", l.createdAt().toString());
      if (key.scopes().contains(PlatformKeys.BALANCES)) {
        out.put("balance", ledger.balanceOf(l.userId()).orElse(Money.ZERO).rupiah());
      }
    });
    ctx.json(out);
  }

  // POST /api/v1/credits {idempotency_key, bizpro_user_id, amount, note, reference}
  private void credit(Context ctx, PlatformKeys.Key key, byte[] body) {
    PlatformCredits.Credit c = credit(object(body), "");
    PlatformCredits.Result r = credits.credit(c);
    switch (r.outcome()) {
      case CREDITED, HELD_OVER_CAP -> ctx.status(201).json(single(c, r, r.outcome()));
      case DUPLICATE -> {
        // The first result, as it was answered.
        ctx.header("Idempotent-Replayed", "true");
        ctx.status(201).json(single(c, r,
            r.held().isPositive() ? PlatformCredits.Outcome.HELD_OVER_CAP : PlatformCredits.Outcome.CREDITED));
      }
      case CONFLICT -> CallbackIntake.error(ctx, 409, "conflict",
          "idempotency_key " + c.idempotencyKey() + " was used for a different request");
      case UNKNOWN_USER -> CallbackIntake.error(ctx, 404, "unknown_user", "no BizCash user was ever linked to this bizpro_user_id");
      case NOT_LINKED -> CallbackIntake.error(ctx, 422, "not_linked", "this bizpro_user_id has no active link");
      case OVER_DAILY_LIMIT -> CallbackIntake.error(ctx, 422, "daily_limit",
          "the platform's daily credit limit (PLATFORM_CREDIT_DAILY_LIMIT) would be passed; nothing moved");
    }
  }

  private static Map<String, Object> single(PlatformCredits.Credit c, PlatformCredits.Result r, PlatformCredits.Outcome shown) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("idempotency_key", c.idempotencyKey());
    out.put("outcome", shown.apiName());
    out.put("amount", c.amount().rupiah());
    out.put("credited", r.credited().rupiah());
    out.put("held", r.held().rupiah());
    r.receipt().ifPresent(x -> out.put("suspense_reference", x));
    out.put("reference", r.reference().orElse(c.reference().orElse(null)));
    r.transferId().ifPresent(id -> out.put("transfer_id", id));
    return out;
  }

  // POST /api/v1/credits/batch {"items": [...]}
  private void batch(Context ctx, PlatformKeys.Key key, byte[] body) {
    JsonNode json = object(body);
    JsonNode items = json.get("items");
    if (items == null || !items.isArray()) {
      throw CallbackRefused.missing("items");
    }
    if (items.isEmpty() || items.size() > MAX_BATCH) {
      throw CallbackRefused.invalid("items", "must hold 1 to " + MAX_BATCH + " credits");
    }
    List<PlatformCredits.Credit> list = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw CallbackRefused.invalid("items[" + i + "]", "must be an object");
      }
      list.add(credit(item, "items[" + i + "]."));
    }
    List<PlatformCredits.Result> results = credits.credit(list);
    List<Map<String, Object>> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      PlatformCredits.Result r = results.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("idempotency_key", list.get(i).idempotencyKey());
      m.put("outcome", r.outcome().apiName());
      m.put("reference", list.get(i).reference().orElse(null));
      if (r.outcome() == PlatformCredits.Outcome.HELD_OVER_CAP) {
        m.put("held", r.held().rupiah());
        r.receipt().ifPresent(x -> m.put("suspense_reference", x));
      }
      out.add(m);
    }
    ctx.json(Map.of("results", out));
  }

  /** The deep link a charge's notification carries: opens Pay / Decline in the bot. */
  public static final String CHARGE_PAYLOAD_PREFIX = "charge_";

  // POST /api/v1/charges {idempotency_key, bizpro_user_id, amount, note, reference, expires_at}
  private void charge(Context ctx, PlatformKeys.Key key, byte[] body) {
    JsonNode json = object(body);
    PlatformCredits.Credit c = credit(json, "");
    String expiresText = text(json, "expires_at", 40, true).orElseThrow();
    java.time.Instant expires;
    try {
      expires = java.time.OffsetDateTime.parse(expiresText).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw CallbackRefused.invalid("expires_at", "must be an ISO-8601 time with an offset, e.g. 2026-12-01T17:00:00+07:00");
    }
    java.time.Instant now = clock.instant();
    if (!expires.isAfter(now.plusSeconds(60)) || expires.isAfter(now.plus(java.time.Duration.ofDays(30)))) {
      throw CallbackRefused.invalid("expires_at", "must be between 1 minute and 30 days from now");
    }
    PlatformCharges.Created created = charges.create(new PlatformCharges.Request(c.idempotencyKey(), c.bodySha256(),
            c.bizproUserId(), c.amount(), c.note(), c.reference(), expires),
        "https://t.me/" + botUsername.get() + "?start=" + CHARGE_PAYLOAD_PREFIX, now);
    switch (created) {
      case PlatformCharges.Created.New n -> ctx.status(201).json(charge(n.charge()));
      case PlatformCharges.Created.Existing e -> {
        ctx.header("Idempotent-Replayed", "true");
        ctx.status(201).json(charge(e.charge()));
      }
      case PlatformCharges.Created.Conflict x -> CallbackIntake.error(ctx, 409, "conflict",
          "idempotency_key " + c.idempotencyKey() + " was used for a different request");
      case PlatformCharges.Created.UnknownUser u -> CallbackIntake.error(ctx, 404, "unknown_user",
          "no BizCash user was ever linked to this bizpro_user_id");
      case PlatformCharges.Created.NotLinked l -> CallbackIntake.error(ctx, 422, "not_linked", "this bizpro_user_id has no active link");
    }
  }

  private static Map<String, Object> charge(PlatformCharges.Charge c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("charge_id", c.id());
    out.put("idempotency_key", c.idempotencyKey());
    out.put("status", c.status().name().toLowerCase());
    out.put("amount", c.amount().rupiah());
    out.put("reference", c.reference().orElse(null));
    out.put("expires_at", c.expiresAt().toString());
    return out;
  }

  private static PlatformCredits.Credit credit(JsonNode json, String where) {
    String key = text(json, where + "idempotency_key", "idempotency_key", 100, true).orElseThrow();
    String bizpro = text(json, where + "bizpro_user_id", "bizpro_user_id", 64, true).orElseThrow();
    JsonNode amount = json.get("amount");
    if (amount == null || amount.isNull()) {
      throw CallbackRefused.missing(where + "amount");
    }
    BigDecimal value = amount.isNumber() ? amount.decimalValue() : null;
    if (value == null || value.signum() <= 0 || value.stripTrailingZeros().scale() > 0
        || value.compareTo(BigDecimal.valueOf(MAX_AMOUNT)) > 0) {
      throw CallbackRefused.invalid(where + "amount", "must be a whole number of rupiah from 1 to " + MAX_AMOUNT);
    }
    Optional<String> note = text(json, where + "note", "note", 100, false);
    Optional<String> reference = text(json, where + "reference", "reference", 100, false);
    return new PlatformCredits.Credit(key, CanonicalJson.sha256(json), bizpro, Money.rupiah(value.longValueExact()),
        note, reference);
  }

  private static JsonNode object(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw CallbackRefused.malformed("the body is not JSON");
    }
    if (json == null || !json.isObject()) {
      throw CallbackRefused.malformed("the body must be a JSON object");
    }
    return json;
  }

  private static Optional<String> text(JsonNode json, String field, int max, boolean required) {
    return text(json, field, field, max, required);
  }

  private static Optional<String> text(JsonNode json, String shown, String field, int max, boolean required) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      if (required) {
        throw CallbackRefused.missing(shown);
      }
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw CallbackRefused.invalid(shown, "must be a string");
    }
    String s = v.asText().strip();
    if (s.codePointCount(0, s.length()) > max) {
      throw CallbackRefused.invalid(shown, "must be at most " + max + " characters");
    }
    if (s.chars().anyMatch(ch -> Character.isISOControl(ch))) {
      throw CallbackRefused.invalid(shown, "must not hold control characters");
    }
    return Optional.of(s);
  }
}
