package id.bizpro.bizcash.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Comparator;
import java.util.List;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/** WireMock standing in for the Bot API's sendMessage, with helpers to script failures per chat. */
final class TelegramStandIn implements AutoCloseable {
  static final String TOKEN = "123456789:TEST-token-for-the-stand-in-only";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK =
      "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"x\"}}";

  final WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(40));

  TelegramStandIn() {
    server.start();
    server.stubFor(post(urlPathEqualTo(path())).atPriority(10)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK)));
  }

  static String path() {
    return "/bot" + TOKEN + "/" + SendMessage.PATH;
  }

  OkHttpTelegramClient client() {
    return new OkHttpTelegramClient(TOKEN, new TelegramUrl("http", "localhost", server.port(), false));
  }

  /** The first {@code times} sends to {@code chatId} get this status and body, later ones succeed. */
  void failFirst(long chatId, int times, int status, String body) {
    String scenario = "chat-" + chatId;
    for (int i = 0; i < times; i++) {
      server.stubFor(post(urlPathEqualTo(path())).atPriority(1)
          .withRequestBody(containing("\"chat_id\":\"" + chatId + "\""))
          .inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
          .willSetStateTo("failed-" + (i + 1))
          .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }
  }

  /** Every send to {@code chatId} gets this status and body. */
  void failAlways(long chatId, int status, String body) {
    server.stubFor(post(urlPathEqualTo(path())).atPriority(1)
        .withRequestBody(containing("\"chat_id\":\"" + chatId + "\""))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
  }

  /** Every sendMessage request received, oldest first. */
  List<ServeEvent> requests() {
    return server.getAllServeEvents().stream()
        .sorted(Comparator.comparing((ServeEvent e) -> e.getRequest().getLoggedDate()))
        .toList();
  }

  static JsonNode body(ServeEvent e) {
    try {
      return JSON.readTree(e.getRequest().getBodyAsString());
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  List<JsonNode> bodies() {
    return requests().stream().map(TelegramStandIn::body).toList();
  }

  long requestsTo(long chatId) {
    return bodies().stream().filter(b -> b.path("chat_id").asText().equals(Long.toString(chatId))).count();
  }

  @Override
  public void close() {
    server.stop();
  }
}
