package id.bizpro.bizcash.webhook;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.metrics.WebhookMetrics;
import id.bizpro.bizcash.webhook.telegram.TelegramUpdateSink;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fresh database, the money services over it, and a webhook server with every route configured
 * (not started: tests hand it to JavalinTest). Requests are sent byte for byte as given, so the
 * signatures tests compute are over exactly what the server receives. Not thread-safe to build.
 */
public final class WebhookTestKit implements AutoCloseable, org.junit.jupiter.api.extension.AfterEachCallback {
  public static final String PAYMENT_SECRET = "test-payment-secret-0123456789";
  public static final String MIDTRANS_KEY = "SB-Mid-server-TEST0123456789";
  public static final String MOOTA_SECRET = "moota-secret-0123";
  public static final String TELEGRAM_SECRET = "telegram-secret-0123456789";
  public static final Set<Long> ADMINS = Set.of(900_001L, 900_002L);
  private static final ObjectMapper JSON = new ObjectMapper();

  public final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  public final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  public final LedgerFixture f = new LedgerFixture();
  public final PaymentAlerts alerts = new PaymentAlerts(ADMINS);
  public final TopUpOrders orders = new TopUpOrders(f.db.jdbi(), f.ledger, MoneyRules.defaults(), clock, alerts);
  public final BankAccounts bankAccounts = new BankAccounts(f.db.jdbi());
  public final Withdrawals withdrawals =
      new Withdrawals(f.db.jdbi(), f.ledger, bankAccounts, MoneyRules.defaults(), clock);
  public final List<String> telegramUpdates = new CopyOnWriteArrayList<>();
  public final WebhookApp.Services services =
      new WebhookApp.Services(orders, withdrawals, alerts, Optional.empty(), new WebhookMetrics())
          .withTelegram(this::readable);
  /** Midtrans' API (Get Status) stand-in; {@link #midtransStatus} stubs an answer per order. */
  public final WireMockServer midtrans = startMidtrans();
  public final Javalin app;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The account users pay top-ups into (BIZPRO_BANK_ACCOUNTS): Moota credits into it are matched. */
  public static final String PAYEE_ACCOUNT = "8830012345";

  public WebhookTestKit() {
    this(settings());
  }

  /** With other settings, e.g. {@code settings().withMetricsToken(…)}; Midtrans' API is the stand-in. */
  public WebhookTestKit(WebhookSettings settings) {
    this.app = WebhookApp.create(f.db, settings.withPayments(URI.create(midtrans.baseUrl()), settings.payeeAccountNumbers()),
        services);
  }

  /** Like the bot's sink: an update whose update_id is not a whole number cannot be read. */
  private void readable(String raw) throws TelegramUpdateSink.UnreadableUpdate {
    try {
      if (!JSON.readTree(raw).path("update_id").canConvertToLong()) {
        throw new IllegalArgumentException("update_id is not a whole number");
      }
    } catch (Exception e) {
      throw new TelegramUpdateSink.UnreadableUpdate(e);
    }
    telegramUpdates.add(raw);
  }

  public static WebhookSettings settings() {
    return new WebhookSettings(0, Optional.of(PAYMENT_SECRET), Optional.of(MIDTRANS_KEY),
        URI.create("http://localhost:1/snap"), Optional.of(MOOTA_SECRET), Optional.of(TELEGRAM_SECRET))
        .withPayments(URI.create("http://localhost:1"), Set.of(PAYEE_ACCOUNT));
  }

  private static WireMockServer startMidtrans() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  /**
   * Stubs Midtrans' Get Status answer for an order, shaped like the sample in Midtrans' "Get
   * Transaction Status" reference (status_code, transaction_id, order_id, gross_amount as
   * "106000.00", transaction_status, fraud_status, …), behind Basic auth with the server key.
   */
  public void midtransStatus(String orderId, String transactionStatus, String fraudStatus, String grossAmount) {
    String body = """
        {
          "status_code" : "200",
          "status_message" : "Success, transaction is found",
          "transaction_id" : "513f1f01-c9da-474c-9fc9-d5c64364b709",
          "order_id" : "%s",
          "payment_type" : "bank_transfer",
          "transaction_time" : "2026-11-26 14:45:13",
          "transaction_status" : "%s",
          "fraud_status" : "%s",
          "gross_amount" : "%s",
          "currency" : "IDR"
        }""".formatted(orderId, transactionStatus, fraudStatus, grossAmount);
    String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((MIDTRANS_KEY + ":").getBytes(StandardCharsets.UTF_8));
    midtrans.stubFor(WireMock.get("/v2/" + orderId + "/status")
        .withHeader("Authorization", WireMock.equalTo(auth))
        .willReturn(WireMock.okJson(body)));
  }

  public User user(String name) {
    return f.user(name);
  }

  public TopUpOrder order(User user, long amount) {
    return assertInstanceOf(TopUpOrders.CreateResult.Created.class, orders.create(user.id(), Money.rupiah(amount))).order();
  }

  public Withdrawal withdrawal(User user, long fundRupiah, long amount) {
    f.fund(user, fundRupiah);
    BankAccount bca = assertInstanceOf(BankAccounts.AddResult.Added.class,
        bankAccounts.add(user.id(), "BCA", "8830012345", "Test Holder")).account();
    return assertInstanceOf(Withdrawals.RequestResult.Requested.class,
        withdrawals.request("test:" + user.id(), user.id(), bca.id(), Money.rupiah(amount))).withdrawal();
  }

  public long balance(User user) {
    return f.balance(user);
  }

  public long system(SystemAccount account) {
    return f.ledger.balanceOf(account).rupiah();
  }

  public TopUpOrder reload(TopUpOrder o) {
    return orders.byReference(o.reference()).orElseThrow();
  }

  public static String sign(String body) {
    return "sha256=" + Signatures.hmacSha256Hex(PAYMENT_SECRET, body.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> post(String origin, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpRequest request = b.build();
    try {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException staleConnection) {
        // A pooled keep-alive connection the server had already closed fails before any byte of
        // the answer arrives. Send once more on a new connection, as a gateway would; if the
        // server drops this request too, that is a real failure and is thrown.
        System.err.println("WebhookTestKit: " + staleConnection.getMessage() + " on " + path + "; sent again on a new connection");
        try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
          return fresh.send(request, HttpResponse.BodyHandlers.ofString());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String origin, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Outcomes of the stored callbacks of a provider, oldest first. */
  public List<String> storedOutcomes(String provider) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT outcome FROM webhook_callbacks WHERE provider = :p ORDER BY id")
        .bind("p", provider).mapTo(String.class).list());
  }

  public int outbox(String kind) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = :k")
        .bind("k", kind).mapTo(Integer.class).one());
  }

  public void assertLedgerReconciles() {
    var report = f.reconciliation.run();
    assertTrue(report.holds(), report.violations().toString());
  }

  /**
   * As a JUnit extension ({@code @RegisterExtension final WebhookTestKit kit = new WebhookTestKit()}):
   * after each test the books must reconcile, and the kit closes whatever they show.
   */
  @Override
  public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
    try {
      assertLedgerReconciles();
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    midtrans.stop();
    f.close();
  }
}
