package id.bizpro.bizcash.webhook.platform;

import id.bizpro.bizcash.platform.PlatformCallbacks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the platform callbacks outbox to {@code PLATFORM_CALLBACK_URL}: claims due rows (with a
 * lease, so instances do not send the same row at once), POSTs each body signed like a request
 * (key id {@value #KEY_ID}, {@code PLATFORM_CALLBACK_SECRET}), marks it delivered on a 2xx and
 * otherwise schedules the next attempt (1 s, doubling, at most 5 minutes). At least once: a crash
 * between the platform's 2xx and the mark resends after the lease; the platform dedupes by {@code
 * event_id}. Thread-safe; {@link #start} runs it on a daemon thread.
 */
public final class PlatformCallbackDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlatformCallbackDelivery.class);
  public static final String KEY_ID = "bizcash";
  static final Duration LEASE = Duration.ofSeconds(60);
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final PlatformCallbacks callbacks;
  private final URI url;
  private final String secret;
  private final Clock clock;
  private final Duration poll;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private volatile boolean running;
  private Thread thread;

  public PlatformCallbackDelivery(PlatformCallbacks callbacks, URI url, String secret, Clock clock, Duration poll) {
    this.callbacks = callbacks;
    this.url = url;
    this.secret = secret;
    this.clock = clock;
    this.poll = poll;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("platform-callbacks").start(this::loop);
  }

  private void loop() {
    while (running) {
      try {
        if (deliverDue() == 0) {
          Thread.sleep(poll.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("Platform callbacks: delivery round failed ({})", e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Sends every due callback once; returns how many were attempted. */
  public int deliverDue() {
    List<PlatformCallbacks.Pending> due = callbacks.claimDue(clock.instant(), LEASE, 50);
    for (PlatformCallbacks.Pending p : due) {
      deliver(p);
    }
    return due.size();
  }

  private void deliver(PlatformCallbacks.Pending p) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String pathWithQuery = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    byte[] body = p.body().getBytes(StandardCharsets.UTF_8);
    String error;
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(url)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header(PlatformAuth.KEY_HEADER, KEY_ID)
              .header(PlatformAuth.TIMESTAMP_HEADER, timestamp)
              .header(PlatformAuth.SIGNATURE_HEADER, PlatformAuth.sign(secret, "POST", pathWithQuery, timestamp, body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        callbacks.markDelivered(p.id(), clock.instant());
        log.info("Platform callback {} ({}) delivered after {} failed attempt(s)", p.eventId(), p.type(), p.attempts());
        return;
      }
      error = "HTTP " + r.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    Instant now = clock.instant();
    callbacks.markFailed(p.id(), p.attempts(), error, now);
    log.warn("Platform callback {} ({}) failed, attempt {}: {}; next in {}", p.eventId(), p.type(), p.attempts() + 1,
        error, PlatformCallbacks.backoff(p.attempts() + 1));
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
  }
}
