package id.bizpro.bizcash.ppob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.money.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Digiflazz buyer API over HTTPS (JSON POST), as its public documentation describes it:
 * {@code /price-list} ({@code sign = md5(username + key + "pricelist")}), {@code /transaction}
 * ({@code md5(username + key + ref_id)}; the same ref_id again is a status check, never a second
 * purchase), {@code /inquiry-pln} ({@code md5(username + key + customer_no)}) and {@code
 * /cek-saldo} ({@code md5(username + key + "depo")}). Answers are wrapped in {@code data}.
 * Statuses {@code Sukses}/{@code Pending}/{@code Gagal} (and the English {@code Success}/{@code
 * Processing}/{@code Failed}). The API key is sent only inside the md5 signature and never logged.
 * Thread-safe.
 */
public final class DigiflazzClient implements PpobProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String username;
  private final String apiKey;
  private final HttpClient http;
  private final Duration timeout;
  private final Duration liveTimeout;

  public DigiflazzClient(URI base, String username, String apiKey, Duration timeout) {
    this(base, username, apiKey, timeout, LIVE_PRICE_TIMEOUT);
  }

  /** @param liveTimeout how long the live price check before a hold waits ({@link #livePrice}) */
  public DigiflazzClient(URI base, String username, String apiKey, Duration timeout, Duration liveTimeout) {
    this.liveTimeout = liveTimeout;
    this.base = base;
    this.username = username;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static DigiflazzClient of(PpobSettings s) {
    return new DigiflazzClient(s.apiUrl(), s.username().orElseThrow(), s.apiKey().orElseThrow(), Duration.ofSeconds(45));
  }

  private Duration shorter() {
    return timeout.compareTo(INQUIRY_TIMEOUT) < 0 ? timeout : INQUIRY_TIMEOUT;
  }

  public static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String sign(String suffix) {
    return md5(username + apiKey + suffix);
  }

  /** The HTTP status and parsed body of one POST; an exception when there is no readable answer. */
  private record Reply(int status, JsonNode body) {}

  /** Inquiries run while a user waits in the chat: they give up sooner than purchases. */
  private static final Duration INQUIRY_TIMEOUT = Duration.ofSeconds(10);

  /** The live price check runs between the PIN and the hold; without an answer by then the sale goes on. */
  public static final Duration LIVE_PRICE_TIMEOUT = Duration.ofSeconds(3);

  private Reply post(String path, ObjectNode body) throws UnknownOutcome {
    return post(path, body, timeout);
  }

  private Reply post(String path, ObjectNode body, Duration within) throws UnknownOutcome {
    return post(path, body, within, false);
  }

  /**
   * @param wholeCall whether {@code within} bounds the whole call, connecting included (the
   *     request timeout alone may leave the connect to the client's 5 s connect timeout)
   */
  private Reply post(String path, ObjectNode body, Duration within, boolean wholeCall) throws UnknownOutcome {
    String url = base.toString().replaceAll("/+$", "") + path;
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(within)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> response;
    try {
      if (wholeCall) {
        var pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
          response = pending.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          pending.cancel(true);
          throw new UnknownOutcome("POST " + path + ": no answer within " + within.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new UnknownOutcome("POST " + path + ": " + e.getCause().getClass().getSimpleName(), e.getCause());
        }
      } else {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      }
    } catch (IOException e) {
      throw new UnknownOutcome("POST " + path + ": " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnknownOutcome("POST " + path + ": interrupted", e);
    }
    if (response.statusCode() >= 500) {
      throw new UnknownOutcome("POST " + path + ": HTTP " + response.statusCode(), null);
    }
    try {
      return new Reply(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UnknownOutcome("POST " + path + ": HTTP " + response.statusCode() + " with a body that is not JSON", e);
    }
  }

  @Override
  public List<Product> priceList(boolean postpaid) throws UnknownOutcome, Refused {
    ObjectNode body = JSON.createObjectNode()
        .put("cmd", postpaid ? "pasca" : "prepaid")
        .put("username", username)
        .put("sign", sign("pricelist"));
    Reply r = post("/price-list", body);
    JsonNode data = r.body().path("data");
    if (!data.isArray()) {
      throw new Refused("price list refused (HTTP " + r.status() + "): " + data.path("message").asText("no data"));
    }
    return products(data, postpaid);
  }

  /**
   * {@code {"cmd": "prepaid", "username": …, "code": <buyer_sku_code>, "sign": md5(username + key +
   * "pricelist")}}: answered with {@code data} as an array of products like the full price list.
   */
  @Override
  public Optional<Product> livePrice(String sku) throws UnknownOutcome, Refused {
    ObjectNode body = JSON.createObjectNode()
        .put("cmd", "prepaid")
        .put("username", username)
        .put("code", sku)
        .put("sign", sign("pricelist"));
    Reply r = post("/price-list", body, liveTimeout, true);
    JsonNode data = r.body().path("data");
    if (!data.isArray()) {
      // A limit ("limitasi pengecekan"), a bad sign or IP: an rc and a message instead of products.
      throw new Refused("price check refused (HTTP " + r.status() + "): rc " + data.path("rc").asText("-") + " "
          + data.path("message").asText("no data"));
    }
    return products(data, false).stream().filter(p -> p.sku().equals(sku)).findFirst();
  }

  private static List<Product> products(JsonNode data, boolean postpaid) {
    List<Product> out = new ArrayList<>();
    for (JsonNode p : data) {
      String sku = p.path("buyer_sku_code").asText("");
      if (sku.isBlank()) {
        continue;
      }
      out.add(new Product(
          sku,
          p.path("product_name").asText(sku),
          p.path("category").asText(""),
          p.path("brand").asText(""),
          p.path("type").asText(""),
          rupiah(p.path("price")).orElse(Money.ZERO),
          postpaid,
          p.path("buyer_product_status").asBoolean(false),
          p.path("seller_product_status").asBoolean(false),
          // Postpaid products have no stock.
          postpaid || p.path("unlimited_stock").asBoolean(false),
          p.path("stock").asLong(0),
          p.path("start_cut_off").asText(""),
          p.path("end_cut_off").asText(""),
          p.path("desc").asText("")));
    }
    return out;
  }

  @Override
  public Answer transaction(String sku, String customerNo, String refId, Money maxPrice) throws UnknownOutcome {
    ObjectNode body = JSON.createObjectNode()
        .put("username", username)
        .put("buyer_sku_code", sku)
        .put("customer_no", customerNo)
        .put("ref_id", refId)
        .put("sign", sign(refId));
    if (maxPrice.isPositive()) {
      body.put("max_price", maxPrice.rupiah());
    }
    Reply r = post("/transaction", body);
    JsonNode data = r.body().path("data");
    Optional<Answer> answer = answer(data);
    if (answer.isEmpty()) {
      throw new UnknownOutcome("transaction " + refId + ": HTTP " + r.status() + " without a status we know", null);
    }
    if (!answer.get().refId().isEmpty() && !answer.get().refId().equals(refId)) {
      throw new UnknownOutcome("transaction " + refId + ": the answer is about ref_id " + answer.get().refId(), null);
    }
    return answer.get();
  }

  /** Reads a transaction answer's {@code data} (also a callback's); empty when its status is not one we know. */
  public static Optional<Answer> answer(JsonNode data) {
    Optional<Status> status = status(data.path("status").asText(""));
    if (status.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Answer(
        data.path("ref_id").asText(""),
        status.get(),
        data.path("rc").asText(""),
        data.path("message").asText(""),
        Optional.of(data.path("sn").asText("")).filter(s -> !s.isBlank()),
        rupiah(data.path("price")),
        rupiah(data.path("buyer_last_saldo")),
        data.path("customer_no").asText(""),
        data.path("buyer_sku_code").asText("")));
  }

  static Optional<Status> status(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "sukses", "success" -> Optional.of(Status.SUCCESS);
      case "gagal", "failed" -> Optional.of(Status.FAILED);
      case "pending", "processing" -> Optional.of(Status.PENDING);
      default -> Optional.empty();
    };
  }

  private static Optional<Money> rupiah(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    try {
      BigDecimal v = new BigDecimal(n.asText().strip());
      return Optional.of(Money.rupiah(v.setScale(0, RoundingMode.HALF_UP).longValueExact()));
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  @Override
  public Bill inquireBill(String sku, String customerNo, String refId) throws UnknownOutcome, Refused {
    ObjectNode body = JSON.createObjectNode()
        .put("commands", "inq-pasca")
        .put("username", username)
        .put("buyer_sku_code", sku)
        .put("customer_no", customerNo)
        .put("ref_id", refId)
        .put("sign", sign(refId));
    Reply r = post("/transaction", body, shorter());
    JsonNode data = r.body().path("data");
    Optional<Status> status = status(data.path("status").asText(""));
    if (status.isEmpty() || status.get() == Status.PENDING) {
      throw new UnknownOutcome("inq-pasca " + refId + ": HTTP " + r.status() + " without a bill", null);
    }
    Optional<Money> price = rupiah(data.path("price"));
    if (status.get() == Status.FAILED || price.isEmpty() || !price.get().isPositive()) {
      throw new Refused(data.path("message").asText("no bill"));
    }
    long bill = 0;
    List<String> periods = new ArrayList<>();
    for (JsonNode d : data.path("desc").path("detail")) {
      periods.add(d.path("periode").asText(""));
      bill += rupiah(d.path("nilai_tagihan")).orElse(Money.ZERO).rupiah() + rupiah(d.path("denda")).orElse(Money.ZERO).rupiah();
    }
    Money admin = rupiah(data.path("admin")).orElse(Money.ZERO);
    return new Bill(refId, data.path("customer_no").asText(customerNo), data.path("customer_name").asText(""),
        price.get(), admin, bill > 0 ? Money.rupiah(bill) : price.get().minus(admin), List.copyOf(periods));
  }

  @Override
  public Answer payBill(String sku, String customerNo, String refId) throws UnknownOutcome {
    return pasca("pay-pasca", sku, customerNo, refId);
  }

  @Override
  public Answer billStatus(String sku, String customerNo, String refId) throws UnknownOutcome {
    return pasca("status-pasca", sku, customerNo, refId);
  }

  /** {@code pay-pasca} or {@code status-pasca}: the same body and answer, {@code sign = md5(username + key + ref_id)}. */
  private Answer pasca(String command, String sku, String customerNo, String refId) throws UnknownOutcome {
    ObjectNode body = JSON.createObjectNode()
        .put("commands", command)
        .put("username", username)
        .put("buyer_sku_code", sku)
        .put("customer_no", customerNo)
        .put("ref_id", refId)
        .put("sign", sign(refId));
    Reply r = post("/transaction", body);
    Optional<Answer> answer = answer(r.body().path("data"));
    if (answer.isEmpty()) {
      throw new UnknownOutcome(command + " " + refId + ": HTTP " + r.status() + " without a status we know", null);
    }
    if (!answer.get().refId().isEmpty() && !answer.get().refId().equals(refId)) {
      throw new UnknownOutcome(command + " " + refId + ": the answer is about ref_id " + answer.get().refId(), null);
    }
    return answer.get();
  }

  @Override
  public Optional<PlnCustomer> inquiryPln(String customerNo) throws UnknownOutcome, Refused {
    ObjectNode body = JSON.createObjectNode()
        .put("username", username)
        .put("customer_no", customerNo)
        .put("sign", sign(customerNo));
    Reply r = post("/inquiry-pln", body, shorter());
    JsonNode data = r.body().path("data");
    String name = data.path("name").asText("");
    if (name.isBlank()) {
      String message = data.path("message").asText("");
      if (r.status() >= 400 || !message.isBlank()) {
        throw new Refused(message.isBlank() ? "HTTP " + r.status() : message);
      }
      return Optional.empty();
    }
    return Optional.of(new PlnCustomer(
        data.path("customer_no").asText(customerNo),
        data.path("meter_no").asText(""),
        name,
        data.path("segment_power").asText("")));
  }

  @Override
  public Money deposit() throws UnknownOutcome, Refused {
    ObjectNode body = JSON.createObjectNode()
        .put("cmd", "deposit")
        .put("username", username)
        .put("sign", sign("depo"));
    Reply r = post("/cek-saldo", body);
    Optional<Money> deposit = rupiah(r.body().path("data").path("deposit"));
    if (deposit.isEmpty()) {
      throw new Refused("deposit refused (HTTP " + r.status() + "): " + r.body().path("data").path("message").asText(""));
    }
    return deposit.get();
  }
}
