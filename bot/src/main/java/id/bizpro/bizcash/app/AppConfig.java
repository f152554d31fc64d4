package id.bizpro.bizcash.app;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.config.PaidSettings;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.maintenance.MaintenanceSettings;
import id.bizpro.bizcash.notify.NotifySettings;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.webhook.WebhookSettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import id.bizpro.bizcash.webhook.platform.PlatformKeys;
import id.bizpro.bizcash.webhook.platform.PlatformSettings;
import id.bizpro.bizcash.money.Money;
import java.util.Set;

/**
 * Every setting of the application, read once from the environment and validated: a missing or
 * malformed value throws {@link ConfigException} naming the variable. Immutable; {@link
 * #toString()} shows no secret.
 */
public record AppConfig(
    Optional<String> telegramBotToken,
    URI telegramApiUrl,
    Optional<URI> telegramWebhookUrl,
    Optional<String> telegramWebhookSecret,
    Database.Settings database,
    WebhookSettings webhook,
    Set<Long> adminTelegramIds,
    MoneyRules rules,
    List<PayeeAccount> payeeAccounts,
    boolean payeeAccountsArePlaceholder,
    NotifySettings notifications,
    Optional<String> telegramBotUsername,
    MaintenanceSettings maintenance,
    id.bizpro.bizcash.ppob.PpobSettings ppob,
    PaidSettings paid,
    String publicBaseUrl,
    PlatformSettings platform) {

  /** The variables, in the order --help lists them. */
  public static final List<String[]> VARIABLES =
      List.of(
          new String[] {"TELEGRAM_BOT_TOKEN", "bot token from @BotFather; unset: the bot is not connected (HTTP server only)"},
          new String[] {"TELEGRAM_API_URL", "Bot API base URL (default https://api.telegram.org)"},
          new String[] {"TELEGRAM_BOT_USERNAME", "the bot's username for invite links; unset: asked with getMe at start-up"},
          new String[] {"TELEGRAM_WEBHOOK_URL", "public https URL that reaches POST /telegram (…/telegram is appended unless present); set: webhook mode"},
          new String[] {"TELEGRAM_WEBHOOK_SECRET", "secret token Telegram sends in X-Telegram-Bot-Api-Secret-Token"},
          new String[] {"DATABASE_URL", "postgres://user:pass@host:5432/db or jdbc:postgresql://…; unset: embedded PostgreSQL"},
          new String[] {"BIZCASH_DATA_DIR", "where the embedded PostgreSQL keeps its data (default ./data)"},
          new String[] {"DATABASE_POOL_SIZE", "connections in the pool (default 16)"},
          new String[] {"HTTP_PORT", "port of the webhook/health server (default 8080)"},
          new String[] {"PAYMENT_WEBHOOK_SECRET", "HMAC key of POST /webhooks/payments and /webhooks/payouts"},
          new String[] {"MIDTRANS_SERVER_KEY", "Midtrans server key (Snap payment links, POST /webhooks/midtrans)"},
          new String[] {"MIDTRANS_SNAP_URL", "Snap API URL (default https://app.sandbox.midtrans.com/snap/v1/transactions)"},
          new String[] {"MIDTRANS_API_URL", "Midtrans API base for the Get Status check before crediting (default https://api.sandbox.midtrans.com)"},
          new String[] {"MOOTA_SECRET", "HMAC key of POST /webhooks/moota"},
          new String[] {"METRICS_TOKEN", "bearer token GET /metrics requires (set it in production; unset: open, with a warning)"},
          new String[] {"WEBHOOK_REFUSALS_PER_MINUTE", "refused unauthenticated requests per client address per minute before 429 (default 30)"},
          new String[] {"ADMIN_TELEGRAM_IDS", "comma-separated Telegram user ids of BizPro finance admins"},
          new String[] {"BIZPRO_BANK_ACCOUNTS", "where users pay top-ups: BCA:8830012345:PT BizPro Indonesia;Mandiri:…"},
          new String[] {"TOPUP_FEE", "fee added to each top-up order (default 6000)"},
          new String[] {"WITHDRAWAL_FEE", "fee taken with each withdrawal (default 8000)"},
          new String[] {"TOPUP_MIN / TOPUP_MAX", "top-up order limits (default 10000 / 10000000)"},
          new String[] {"TRANSFER_MIN", "smallest transfer (default 1000)"},
          new String[] {"WITHDRAWAL_MIN", "smallest withdrawal (default 50000)"},
          new String[] {"BALANCE_CAP", "largest wallet balance (default 20000000)"},
          new String[] {"MAX_OPEN_TOPUPS", "open top-up orders per user (default 3)"},
          new String[] {"TOPUP_ORDER_TTL", "how long a top-up order stays payable (default 24h)"},
          new String[] {"TOPUP_TOTAL_QUARANTINE", "how long a closed order's total stays reserved for its late payments (default 7d)"},
          new String[] {"PIN_RESET_DELAY", "how long a 'Forgot PIN' reset waits, money-out locked, before a new PIN may be set (default 24h)"},
          new String[] {"TOPUP_UNIQUE_CODE", "on|off: add a 1-999 rupiah unique code to each order (default on)"},
          new String[] {"PAYOUT_WORKING_DAYS", "working days to pay a withdrawal (default 7)"},
          new String[] {"RATE_LIMIT_UPDATES / RATE_LIMIT_WINDOW", "updates per user per window (default 20 / 10s)"},
          new String[] {"MAX_PENDING_WITHDRAWALS", "withdrawals per user waiting for payout (default 3)"},
          new String[] {"DAILY_MONEY_OUT", "transfers + withdrawals per user per WIB day (default 10000000)"},
          new String[] {"HOLIDAYS", "non-working days, e.g. 2026-12-25,2027-01-01 (replaces Indonesia's built-in list; 'default,…' adds to it; 'none': weekends only)"},
          new String[] {"TELEGRAM_GLOBAL_RATE_PER_SECOND", "messages per second to Telegram in total (default 30)"},
          new String[] {"TELEGRAM_GLOBAL_BURST", "burst above the global rate (default 5)"},
          new String[] {"TELEGRAM_CHAT_RATE_PER_SECOND", "messages per second to one chat (default 1)"},
          new String[] {"TELEGRAM_CHAT_BURST", "burst above the per-chat rate (default 3)"},
          new String[] {"OUTBOX_RETENTION", "how long delivered notifications are kept (default 7d)"},
          new String[] {"OUTBOX_POLL_INTERVAL", "outbox polling fallback when no NOTIFY arrives (default 1s)"},
          new String[] {"PROCESSED_UPDATES_RETENTION", "how long handled Telegram update ids are kept to skip redeliveries (default 48h, at least 24h)"},
          new String[] {"CONVERSATION_RETENTION", "a chat's conversation state is dropped after this long without an update (default 30d)"},
          new String[] {"PENDING_ACTIONS_RETENTION", "confirm buttons are deleted this long after they expired (default 7d)"},
          new String[] {"RECONCILE_FULL_EVERY", "how often the full ledger reconciliation runs in the background (default 1d)"},
          new String[] {"REFUSED_CALLBACKS_RETENTION", "how long refused unauthenticated webhook requests (256-byte samples) are kept (default 90d)"},
          new String[] {"PPOB_USERNAME / PPOB_API_KEY", "Digiflazz buyer API username and key; both unset: PPOB (/bayar) is off"},
          new String[] {"PPOB_API_URL", "the provider's v1 base (default https://api.digiflazz.com/v1)"},
          new String[] {"PPOB_WEBHOOK_SECRET", "HMAC-SHA1 key of POST /webhooks/ppob (X-Hub-Signature)"},
          new String[] {"PPOB_MARKUP", "rupiah added to the provider's price: 1500, or pulsa:1000,data:1500,pln:2000,emoney:1000,pasca:2500 (default 1500)"},
          new String[] {"PPOB_MIN_DEPOSIT_ALERT", "admins are alerted once each time the provider deposit falls below it (default 500000)"},
          new String[] {"PPOB_PENDING_REVIEW", "a purchase still pending this long goes to the admins (default 2h)"},
          new String[] {"PPOB_PRICE_CHECKS_PER_MINUTE", "live price checks (price list by product code, right before a purchase is held) allowed a minute; beyond them, or 0, max_price alone guards (default 30)"},
          new String[] {"PUBLIC_BASE_URL", "public URL of the HTTP server, for payment-link pages …/pay/<id> (default http://localhost:<HTTP_PORT>)"},
          new String[] {"PAYLINK_FEE", "fee taken from each paid payment link's credit (default 0)"},
          new String[] {"PAYLINK_TTL", "how long a payment link stays payable (default 7d)"},
          new String[] {"REQUEST_TTL", "how long a payment request (/tagih) stays payable (default 7d)"},
          new String[] {"INLINE_TTL", "how long a confirmed send from a chat (inline mode) can be claimed before it returns (default 24h)"},
          new String[] {"PLATFORM_API_KEYS", "BizPro platform API keys: id:secret or id:secret:balances, comma-separated (two for rotation); unset: /api/v1 is off"},
          new String[] {"PLATFORM_CREDIT_DAILY_LIMIT", "what the platform may credit in total per WIB day (default 1000000000)"},
          new String[] {"PLATFORM_CALLBACK_URL / PLATFORM_CALLBACK_SECRET", "where signed platform events are POSTed, and their HMAC key"},
          new String[] {"PLATFORM_RATE_PER_SECOND", "platform API requests per key per second (default 20, bursts of twice that)"});

  public static AppConfig fromEnv(Env env) {
    Optional<String> token = env.optional("TELEGRAM_BOT_TOKEN");
    if (token.isPresent() && !token.get().matches("[0-9]{3,20}:[A-Za-z0-9_-]{5,100}")) {
      throw new ConfigException("TELEGRAM_BOT_TOKEN", "does not look like a bot token (digits:letters from @BotFather)");
    }
    URI apiUrl = env.url("TELEGRAM_API_URL").orElse(URI.create("https://api.telegram.org"));
    Optional<URI> webhookUrl = env.url("TELEGRAM_WEBHOOK_URL");
    Optional<String> webhookSecret = env.secret("TELEGRAM_WEBHOOK_SECRET", 16);
    if (webhookSecret.isPresent() && !webhookSecret.get().matches("[A-Za-z0-9_-]{16,256}")) {
      throw new ConfigException("TELEGRAM_WEBHOOK_SECRET", "may contain only A-Z, a-z, 0-9, _ and - (Telegram's rule)");
    }
    if (webhookUrl.isPresent() && webhookSecret.isEmpty()) {
      throw new ConfigException("TELEGRAM_WEBHOOK_SECRET", "is required when TELEGRAM_WEBHOOK_URL is set");
    }
    if (webhookUrl.isPresent() && token.isEmpty()) {
      throw new ConfigException("TELEGRAM_BOT_TOKEN", "is required when TELEGRAM_WEBHOOK_URL is set");
    }
    Optional<DatabaseUrl> dbUrl = env.optional("DATABASE_URL").map(DatabaseUrl::parse);
    Database.Settings database =
        new Database.Settings(dbUrl, env.path("BIZCASH_DATA_DIR", "./data"), env.integer("DATABASE_POOL_SIZE", 16, 2, 500));
    Optional<String> payees = env.optional(PayeeAccount.VARIABLE);
    List<PayeeAccount> payTo = payees.map(PayeeAccount::parse).orElseGet(PayeeAccount::placeholder);
    WebhookSettings webhook =
        new WebhookSettings(
            env.port("HTTP_PORT", 8080),
            env.secret("PAYMENT_WEBHOOK_SECRET", 16),
            env.secret("MIDTRANS_SERVER_KEY", 8),
            env.url("MIDTRANS_SNAP_URL").orElse(URI.create("https://app.sandbox.midtrans.com/snap/v1/transactions")),
            env.secret("MOOTA_SECRET", 8),
            webhookSecret,
            env.url("MIDTRANS_API_URL").orElse(WebhookSettings.MIDTRANS_SANDBOX_API),
            // Moota credits are matched only into the accounts users are told to pay into; the
            // placeholder account is no real account, so nothing matches until they are configured.
            payees.isPresent() ? payTo.stream().map(PayeeAccount::accountNumber).collect(java.util.stream.Collectors.toSet())
                : java.util.Set.of(),
            env.secret("METRICS_TOKEN", 16),
            env.integer("WEBHOOK_REFUSALS_PER_MINUTE", WebhookSettings.DEFAULT_REFUSALS_PER_MINUTE, 1, 100_000));
    return new AppConfig(
        token,
        apiUrl,
        webhookUrl,
        webhookSecret,
        database,
        webhook,
        env.longSet("ADMIN_TELEGRAM_IDS"),
        MoneyRules.fromEnv(env),
        payTo,
        payees.isEmpty(),
        NotifySettings.fromEnv(env),
        env.optional("TELEGRAM_BOT_USERNAME").map(u -> {
          String name = u.startsWith("@") ? u.substring(1) : u;
          if (!name.matches("[A-Za-z0-9_]{5,32}")) {
            throw new ConfigException("TELEGRAM_BOT_USERNAME", "must be a Telegram username (5-32 letters, digits or _)");
          }
          return name;
        }),
        MaintenanceSettings.fromEnv(env),
        id.bizpro.bizcash.ppob.PpobSettings.fromEnv(env),
        PaidSettings.fromEnv(env),
        env.url("PUBLIC_BASE_URL").map(u -> u.toString().replaceAll("/+$", ""))
            .orElse("http://localhost:" + webhook.httpPort()),
        platform(env));
  }

  /** The BizPro platform API's settings (issue #19). */
  static PlatformSettings platform(Env env) {
    Optional<PlatformKeys> keys;
    try {
      keys = env.optional("PLATFORM_API_KEYS").map(PlatformKeys::parse);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("PLATFORM_API_KEYS", e.getMessage().replaceFirst("^PLATFORM_API_KEYS ?", ""));
    }
    if (keys.isPresent() && env.optional("TELEGRAM_BOT_USERNAME").isEmpty()) {
      throw new ConfigException("TELEGRAM_BOT_USERNAME", "is required when PLATFORM_API_KEYS is set (link requests answer t.me deep links)");
    }
    Optional<URI> callbackUrl = env.url("PLATFORM_CALLBACK_URL");
    Optional<String> callbackSecret = env.secret("PLATFORM_CALLBACK_SECRET", 16);
    if (callbackUrl.isPresent() != callbackSecret.isPresent()) {
      throw new ConfigException(callbackUrl.isPresent() ? "PLATFORM_CALLBACK_SECRET" : "PLATFORM_CALLBACK_URL",
          "PLATFORM_CALLBACK_URL and PLATFORM_CALLBACK_SECRET must be set together");
    }
    return new PlatformSettings(keys,
        Optional.of(env.rupiah("PLATFORM_CREDIT_DAILY_LIMIT", Money.rupiah(1_000_000_000L), Money.rupiah(1))),
        callbackUrl, callbackSecret, env.integer("PLATFORM_RATE_PER_SECOND", PlatformSettings.DEFAULT_REQUESTS_PER_SECOND, 1, 10_000));
  }

  @Override
  public String toString() {
    return "AppConfig[telegram=" + (telegramBotToken.isPresent() ? "token set" : "not connected")
        + ", apiUrl=" + telegramApiUrl
        + ", mode=" + (telegramWebhookUrl.isPresent() ? "webhook" : "long polling")
        + ", database=" + database.url().map(DatabaseUrl::redacted).orElse("embedded in " + database.dataDir())
        + ", " + webhook + ", admins=" + adminTelegramIds.size() + ", rules=" + rules + ", ppob=" + ppob + ", " + platform + "]";
  }
}
