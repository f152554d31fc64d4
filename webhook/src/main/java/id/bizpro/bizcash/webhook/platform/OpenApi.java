package id.bizpro.bizcash.webhook.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The platform API's OpenAPI 3.1 description, written by hand in {@code platform/openapi.json} and
 * checked against the routes by {@code PlatformOpenApiTest}. Served at {@code /api/v1/openapi.json}.
 */
public final class OpenApi {
  private static final String JSON = load();

  private OpenApi() {}

  public static String json() {
    return JSON;
  }

  private static String load() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/platform/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("platform/openapi.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
