package id.bizpro.bizcash.webhook.midtrans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Midtrans' Get Status API: {@code GET {MIDTRANS_API_URL}/v2/{order_id}/status} with Basic auth
 * (server key, empty password), answering the transaction as Midtrans holds it. A notification
 * says money arrived; this asks Midtrans itself before any rupiah is credited, so a replayed or
 * misrouted notification cannot credit what Midtrans does not confirm. Every failure to get a
 * definite answer (no connection, a timeout, a 5xx, an unreadable body) is {@link
 * Answer.Unavailable}: the caller must not guess. Never logs the key. Thread-safe.
 */
public final class MidtransStatusClient {
  private static final Logger log = LoggerFactory.getLogger(MidtransStatusClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Midtrans waits 15 s for our answer; the status call must leave room for the rest. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI apiBase;
  private final String authorization;
  private final HttpClient http;

  public MidtransStatusClient(URI apiBase, String serverKey) {
    String base = apiBase.toString();
    this.apiBase = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString((serverKey + ":").getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** What Midtrans answered. */
  public sealed interface Answer {
    /** The transaction as Midtrans holds it. */
    record Found(String transactionStatus, Optional<String> fraudStatus, String grossAmount,
        Optional<String> transactionId) implements Answer {

      /** True when Midtrans holds the money: settlement, or a capture its fraud check accepted. */
      public boolean paid() {
        return transactionStatus.equals("settlement")
            || (transactionStatus.equals("capture") && fraudStatus.orElse("").equals("accept"));
      }
    }

    /** Midtrans does not know the order (status_code 404). */
    record NotFound() implements Answer {}

    /** No definite answer: ask again later. {@code why} never holds a secret. */
    record Unavailable(String why) implements Answer {}
  }

  public Answer status(String orderId) {
    URI uri = URI.create(apiBase + "/v2/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "/status");
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(TIMEOUT)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .GET()
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return new Answer.NotFound();
      }
      if (response.statusCode() / 100 != 2) {
        return unavailable(orderId, "HTTP " + response.statusCode());
      }
      JsonNode n = JSON.readTree(response.body());
      // Midtrans answers HTTP 200 with its own status_code in the body; 404 there means unknown.
      String code = text(n, "status_code").orElse("");
      if (code.equals("404")) {
        return new Answer.NotFound();
      }
      Optional<String> status = text(n, "transaction_status");
      Optional<String> gross = text(n, "gross_amount");
      if (status.isEmpty() || gross.isEmpty()) {
        return unavailable(orderId, "status_code " + code + " without transaction_status or gross_amount");
      }
      return new Answer.Found(status.get(), text(n, "fraud_status"), gross.get(), text(n, "transaction_id"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable(orderId, "interrupted");
    } catch (Exception e) {
      // The exception text names the URL, never the Authorization header.
      return unavailable(orderId, e.getClass().getSimpleName());
    }
  }

  private static Answer unavailable(String orderId, String why) {
    log.warn("Midtrans status of {} unavailable: {}", orderId, why);
    return new Answer.Unavailable(why);
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
