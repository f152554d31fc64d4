package id.bizpro.bizcash.webhook;

import id.bizpro.bizcash.db.Database;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * Builds BizCash's HTTP server from its dependencies and returns it unstarted, so the main program
 * starts it on {@code HTTP_PORT} and tests on a random port. Routes: {@code GET /health}.
 */
public final class WebhookApp {
  private WebhookApp() {}

  public static Javalin create(Database db, WebhookSettings settings) {
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.concurrency.useVirtualThreads = true;
      config.routes.get("/health", ctx -> {
        boolean up = db.isHealthy();
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
            .json(Map.of("status", up ? "ok" : "unavailable", "database", up ? "up" : "down"));
      });
    });
  }
}
