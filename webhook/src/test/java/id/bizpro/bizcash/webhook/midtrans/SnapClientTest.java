package id.bizpro.bizcash.webhook.midtrans;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapClientTest {
  private static final String REDIRECT = "https://app.sandbox.midtrans.com/snap/v4/redirection/66e4fa55-fdac-4ef9-91b5-733b97d1b862";
  private final WireMockServer snap = new WireMockServer(options().dynamicPort());
  private final WebhookTestKit kit = new WebhookTestKit();
  private final User alice = kit.user("alice");

  SnapClientTest() {
    snap.start();
  }

  @AfterEach
  void tearDown() {
    snap.stop();
    kit.close();
  }

  private SnapClient client(Duration timeout) {
    return new SnapClient(URI.create(snap.baseUrl() + "/snap/v1/transactions"), WebhookTestKit.MIDTRANS_KEY, timeout);
  }

  // SnapClient only asks Snap for a link: it cannot change an order. That the bot stores the link
  // on the order and shows a pay button, and that a failed call leaves the order standing with bank
  // transfer, is AdminFeatureTest's (a_top_up_order_gets_a_pay_now_button_when_snap_answers,
  // when_snap_fails_the_order_still_stands_with_bank_transfer_and_no_pay_button).

  @Test
  void a_new_order_gets_snaps_redirect_url_from_one_authenticated_request() {
    TopUpOrder o = kit.order(alice, 100_000);
    snap.stubFor(post(urlEqualTo("/snap/v1/transactions"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"token\":\"66e4fa55-fdac-4ef9-91b5-733b97d1b862\",\"redirect_url\":\"" + REDIRECT + "\"}")));

    Optional<String> link = client(Duration.ofSeconds(2)).create(o);

    assertEquals(Optional.of(REDIRECT), link);
    String basic = "Basic " + Base64.getEncoder().encodeToString((WebhookTestKit.MIDTRANS_KEY + ":").getBytes(StandardCharsets.UTF_8));
    snap.verify(1, postRequestedFor(urlEqualTo("/snap/v1/transactions"))
        .withHeader("Authorization", equalTo(basic))
        .withHeader("Accept", equalTo("application/json"))
        .withRequestBody(equalToJson(
            "{\"transaction_details\":{\"order_id\":\"" + o.reference() + "\",\"gross_amount\":" + o.total().rupiah() + "}}")));
  }

  @Test
  void an_error_status_gives_no_link_even_when_its_body_carries_one() {
    TopUpOrder o = kit.order(alice, 100_000);
    for (int status : new int[] {500, 401, 404}) {
      snap.stubFor(post(urlEqualTo("/snap/v1/transactions")).willReturn(aResponse().withStatus(status)
          .withHeader("Content-Type", "application/json").withBody("{\"redirect_url\":\"" + REDIRECT + "\"}")));

      assertEquals(Optional.empty(), client(Duration.ofSeconds(2)).create(o), "HTTP " + status);
    }
  }

  @Test
  void an_answer_without_a_web_redirect_url_gives_no_link() {
    TopUpOrder o = kit.order(alice, 100_000);
    for (String body : new String[] {
        "{\"token\":\"66e4fa55\"}", "{\"redirect_url\":\"javascript:alert(1)\"}", "{\"redirect_url\":42}",
        "{\"redirect_url\":null}", "not json", ""}) {
      snap.stubFor(post(urlEqualTo("/snap/v1/transactions")).willReturn(aResponse().withStatus(201)
          .withHeader("Content-Type", "application/json").withBody(body)));

      assertEquals(Optional.empty(), client(Duration.ofSeconds(2)).create(o), body);
    }
  }

  @Test
  void when_snap_does_not_answer_in_time_it_gives_up_within_the_timeout() {
    TopUpOrder o = kit.order(alice, 100_000);
    snap.stubFor(post(urlEqualTo("/snap/v1/transactions"))
        .willReturn(aResponse().withStatus(201).withFixedDelay(1_500).withBody("{\"redirect_url\":\"" + REDIRECT + "\"}")));

    long start = System.nanoTime();
    assertEquals(Optional.empty(), client(Duration.ofMillis(300)).create(o));
    assertTrue(System.nanoTime() - start < 1_400_000_000L, "gave up within the timeout");
  }
}
