package id.bizpro.bizcash.webhook.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document describes exactly the routes the API serves. */
class PlatformOpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void the_document_names_every_route_and_every_route_answers() throws Exception {
    JsonNode doc = JSON.readTree(OpenApi.json());
    assertEquals("3.1.0", doc.path("openapi").asText());
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
    }
    // Authentication fails before anything reads the database: no database is needed here.
    PlatformApi api = new PlatformApi(
        new PlatformAuth(PlatformKeys.of(List.of(new PlatformKeys.Key("k", "0123456789abcdef", Set.of()))), null,
            Clock.systemUTC(), 10),
        null, null, null, null, Clock.systemUTC(), () -> "bot");
    assertEquals(documented, new TreeSet<>(api.routes().keySet()));

    Javalin app = Javalin.create(c -> {
      api.register(c);
      c.routes.exception(CallbackRefused.class, (e, ctx) -> CallbackIntake.error(ctx, e.httpStatus(), e.code(), e.getMessage()));
    }).start(0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      for (String route : documented) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{bizpro_user_id}", "bp-1");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path));
        b = method.equals("GET") ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString("{}"));
        int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        int expected = path.endsWith("openapi.json") ? 200 : 401;
        assertEquals(expected, status, route + " answers (unsigned)");
      }
    } finally {
      app.stop();
    }
  }
}
