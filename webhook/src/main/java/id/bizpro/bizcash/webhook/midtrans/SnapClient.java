package id.bizpro.bizcash.webhook.midtrans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.topup.PaymentLinks;
import id.bizpro.bizcash.topup.TopUpOrder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a Midtrans Snap transaction for a top-up order: POST {@code MIDTRANS_SNAP_URL} with Basic
 * auth (server key, empty password) and {@code {"transaction_details":{"order_id": reference,
 * "gross_amount": total}}}, returning Snap's {@code redirect_url}. Any failure — an error status,
 * a body without a URL, no answer within the timeout (at most 5 s) — gives empty and a warning that
 * never shows the key; the order stands and the user pays by bank transfer. Thread-safe.
 */
public final class SnapClient implements PaymentLinks {
  private static final Logger log = LoggerFactory.getLogger(SnapClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);

  private final URI snapUrl;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  public SnapClient(URI snapUrl, String serverKey) {
    this(snapUrl, serverKey, MAX_TIMEOUT);
  }

  public SnapClient(URI snapUrl, String serverKey, Duration timeout) {
    this.snapUrl = snapUrl;
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString((serverKey + ":").getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
    this.http = HttpClient.newBuilder().connectTimeout(this.timeout).build();
  }

  /** Snap when a server key is configured, otherwise {@link PaymentLinks#none()}. */
  public static PaymentLinks orNone(Optional<String> serverKey, URI snapUrl) {
    return serverKey.<PaymentLinks>map(k -> new SnapClient(snapUrl, k)).orElseGet(PaymentLinks::none);
  }

  @Override
  public Optional<String> create(TopUpOrder order) {
    try {
      String body = JSON.writeValueAsString(Map.of(
          "transaction_details", Map.of("order_id", order.reference(), "gross_amount", order.total().rupiah())));
      HttpRequest request = HttpRequest.newBuilder(snapUrl)
          .timeout(timeout)
          .header("Authorization", authorization)
          .header("Accept", "application/json")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        log.warn("Snap refused order {}: HTTP {}", order.reference(), response.statusCode());
        return Optional.empty();
      }
      JsonNode url = JSON.readTree(response.body()).get("redirect_url");
      if (url == null || !url.isTextual() || !url.asText().startsWith("http")) {
        log.warn("Snap answered order {} without a redirect_url", order.reference());
        return Optional.empty();
      }
      return Optional.of(url.asText());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      // The exception text names the URL, never the Authorization header.
      log.warn("Snap failed for order {}: {}", order.reference(), e.toString());
      return Optional.empty();
    }
  }
}
