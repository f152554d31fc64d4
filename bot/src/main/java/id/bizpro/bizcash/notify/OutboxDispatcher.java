package id.bizpro.bizcash.notify;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Delivers the {@code outbox} to Telegram. Wakes on {@code LISTEN outbox} (one dedicated
 * connection held from the pool) and also polls every {@link NotifySettings#pollInterval()}, so a
 * lost notification or a broken listening connection only delays delivery. Any number of
 * dispatchers, in one process or many, may run on one database: they share the work through
 * {@code FOR UPDATE SKIP LOCKED} claims (see {@link OutboxStore#claim}).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Per chat, messages go out in the order their rows were inserted, and a chat whose oldest
 *       message is waiting to be retried holds up only that chat. Rows for one recipient are
 *       inserted in commit order because the transactions that write them lock the recipient's
 *       wallet.
 *   <li>Within Telegram's limits: every send takes a permit from the shared {@link
 *       TelegramRateLimiter}. A 429 pauses every sender for {@code retry_after} and the row is
 *       retried after it; 5xx and network errors are retried with exponential back-off and jitter
 *       (up to {@link NotifySettings#maxBackoff()}) for as long as it takes; 403 and 400 (blocked,
 *       chat not found) mark the row {@code undeliverable}. Attempts and the last error (never
 *       the token) are recorded on the row.
 *   <li>At least once, and in practice exactly once. A row is claimed with a lease ({@code
 *       next_attempt_at = now() + lease}) in a short transaction, sent outside any transaction, then
 *       marked sent. Two dispatchers never hold the same lease, and the lease ({@link
 *       NotifySettings#lease()}) is longer than the bounded wait for a permit plus the HTTP
 *       timeouts, so a live dispatcher finishes before it expires. The remaining window: if the
 *       process dies (or the database is unreachable for the whole of a few retries) after
 *       Telegram accepted a message but before the row is marked sent, the row is sent again once
 *       its lease runs out. The window is one database round trip long; the Bot API has no
 *       idempotency key that would close it.
 *   <li>Sent and undeliverable rows older than {@link NotifySettings#retention()} are deleted
 *       every ten minutes.
 * </ul>
 *
 * <p>Thread-safe. {@link #start()} once, {@link #close()} once; a closed dispatcher cannot restart.
 */
public final class OutboxDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
  private static final Duration LISTEN_RECONNECT_DELAY = Duration.ofSeconds(5);
  private static final Duration BASE_BACKOFF = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final OutboxStore store;
  private final TelegramClient telegram;
  private final TelegramRateLimiter limiter;
  private final NotificationRenderer renderer;
  private final NotifySettings settings;
  private final OutboxMetrics metrics = new OutboxMetrics();
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Object wakeLock = new Object();
  private boolean wakeRequested;
  private volatile boolean running;
  private volatile boolean started;
  private Thread loop;
  private Thread listener;

  /**
   * @param jdbi the application's database; one pooled connection is held for LISTEN while running
   * @param telegram the bot's client (its token is never logged or stored by the dispatcher)
   * @param limiter the process-wide limiter that conversation replies use too
   */
  public OutboxDispatcher(
      Jdbi jdbi, TelegramClient telegram, TelegramRateLimiter limiter, NotificationRenderer renderer,
      NotifySettings settings) {
    this.jdbi = jdbi;
    this.store = new OutboxStore(jdbi);
    this.telegram = telegram;
    this.limiter = limiter;
    this.renderer = renderer;
    this.settings = settings;
    // Enough sends in flight to use the whole global rate while some wait for their chat's permit.
    this.maxInFlight = Math.max(8, Math.min(200, 2 * settings.globalRatePerSecond()));
    this.inFlight = new Semaphore(maxInFlight);
  }

  public OutboxDispatcher(Jdbi jdbi, TelegramClient telegram, TelegramRateLimiter limiter, NotifySettings settings) {
    this(jdbi, telegram, limiter, new NotificationRenderer(), settings);
  }

  /** Starts the dispatch and listening threads; returns at once. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    running = true;
    loop = Thread.ofPlatform().name("outbox-dispatcher").daemon().start(this::dispatchLoop);
    listener = Thread.ofPlatform().name("outbox-listener").daemon().start(this::listenLoop);
  }

  /**
   * Stops claiming, lets sends in flight finish (up to ten seconds) and returns. Rows claimed but
   * not sent are released for other dispatchers.
   */
  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    wake();
    try {
      loop.join(5_000);
      senders.shutdown();
      if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
        senders.shutdownNow();
      }
      listener.join(settings.pollInterval().toMillis() + 2_000);
    } catch (InterruptedException e) {
      senders.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  public OutboxMetrics metrics() {
    return metrics;
  }

  /**
   * True when no send is in flight: every row this dispatcher claimed and handed to a sender has
   * its outcome in the database (sent, retried later, undeliverable or released). With no pending
   * row left either, the dispatcher sends nothing more until a row is added or a retry falls due:
   * the quiet point tests wait for instead of sleeping.
   */
  public boolean idle() {
    return inFlight.availablePermits() == maxInFlight;
  }

  /** Queue depth and oldest age from the database, with this dispatcher's counters. */
  public OutboxMetrics.Snapshot snapshot() {
    OutboxStore.Backlog backlog = store.backlog();
    return new OutboxMetrics.Snapshot(
        backlog.depth(), backlog.oldestAge(), metrics.sent(), metrics.retried(), metrics.rateLimited(),
        metrics.undeliverable(), metrics.sendLatencySumMillis(), metrics.sendLatencyMaxMillis());
  }

  /** Deletes finished rows past the retention now; the dispatcher also does this on its own. */
  public int prune() {
    int total = 0;
    int deleted;
    do {
      deleted = store.prune(settings.retention(), 5_000);
      total += deleted;
    } while (deleted == 5_000 && running);
    return total;
  }

  private void dispatchLoop() {
    long nextPruneNanos = System.nanoTime();
    while (running) {
      try {
        if (System.nanoTime() - nextPruneNanos >= 0) {
          nextPruneNanos = System.nanoTime() + PRUNE_EVERY.toNanos();
          int pruned = prune();
          if (pruned > 0) {
            log.info("Pruned {} delivered outbox rows older than {}", pruned, settings.retention());
          }
        }
        // While Telegram has asked everyone to wait, claiming would only burn leases.
        Duration paused = limiter.pausedFor();
        if (!paused.isZero()) {
          awaitWake(paused);
          continue;
        }
        int free = inFlight.availablePermits();
        List<OutboxMessage> claimed = free == 0 ? List.of() : store.claim(free, settings.lease());
        for (OutboxMessage message : claimed) {
          inFlight.acquire();
          senders.execute(() -> deliverAndRelease(message));
        }
        if (claimed.isEmpty()) {
          awaitWake(settings.pollInterval());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Outbox dispatch failed; trying again in {}", settings.pollInterval(), e);
        try {
          awaitWake(settings.pollInterval());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void deliverAndRelease(OutboxMessage message) {
    try {
      deliver(message);
    } catch (RuntimeException e) {
      // The lease runs out and the row is tried again; nothing is lost.
      log.warn("Delivering outbox row {} failed; it will be retried after its lease", message.id(), e);
    } finally {
      inFlight.release();
      wake();
    }
  }

  private void deliver(OutboxMessage message) {
    String text;
    try {
      text = renderer.render(message.kind(), message.params(), message.language());
    } catch (NotificationRenderer.RenderException e) {
      log.error("Outbox row {} ({}) cannot be rendered: {}", message.id(), message.kind(), e.getMessage());
      store.markUndeliverable(message.id(), "render: " + e.getMessage());
      metrics.recordUndeliverable();
      return;
    }
    if (!awaitPermit(message.chatId())) {
      store.release(message.id());
      return;
    }
    SendMessage send =
        SendMessage.builder().chatId(message.chatId()).text(text).parseMode(ParseMode.HTML)
            .replyMarkup(renderer.keyboard(message.kind(), message.params(), message.language()).orElse(null)).build();
    try {
      telegram.execute(send);
    } catch (TelegramApiException e) {
      handleFailure(message, TelegramFailure.classify(e));
      return;
    }
    markSent(message);
  }

  /** Waits for a rate-limit permit, but not past a third of the lease nor past shutdown. */
  private boolean awaitPermit(long chatId) {
    long deadline = System.nanoTime() + settings.lease().toNanos() / 3;
    while (running && System.nanoTime() - deadline < 0) {
      Duration wait = limiter.tryAcquire(chatId);
      if (wait.isZero()) {
        return true;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(wait.toMillis(), 200)));
      } catch (InterruptedException e) {
        return false;
      }
    }
    return false;
  }

  private void handleFailure(OutboxMessage message, TelegramFailure failure) {
    switch (failure) {
      case TelegramFailure.RetryAfter r -> {
        log.warn("Telegram answered 429 for outbox row {}: pausing all sends for {} s",
            message.id(), r.retryAfter().toSeconds());
        limiter.pauseAll(r.retryAfter());
        store.retryLater(message.id(), r.retryAfter(), r.description());
        metrics.recordRetry(true);
      }
      case TelegramFailure.Transient t -> {
        Duration delay = backoff(message.attempts() + 1);
        log.warn("Sending outbox row {} failed ({}); retrying in {} ms", message.id(), t.description(), delay.toMillis());
        store.retryLater(message.id(), delay, t.description());
        metrics.recordRetry(false);
      }
      case TelegramFailure.Permanent p -> {
        log.info("Outbox row {} is undeliverable to chat {}: {}", message.id(), message.chatId(), p.description());
        store.markUndeliverable(message.id(), p.description());
        metrics.recordUndeliverable();
      }
    }
  }

  /** Exponential back-off with jitter between half and all of the step, so retries spread out. */
  Duration backoff(int attempt) {
    long stepMillis = BASE_BACKOFF.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    long capped = Math.min(stepMillis, settings.maxBackoff().toMillis());
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
  }

  private void markSent(OutboxMessage message) {
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<Duration> latency = store.markSent(message.id());
        latency.ifPresent(metrics::recordSent);
        return;
      } catch (RuntimeException e) {
        if (attempt >= 5) {
          log.error("Outbox row {} was sent but could not be marked sent; it will be sent again", message.id(), e);
          return;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void listenLoop() {
    while (running) {
      try (Handle h = jdbi.open()) {
        Connection c = h.getConnection();
        c.setAutoCommit(true);
        try (var s = c.createStatement()) {
          s.execute("LISTEN outbox");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        int timeoutMillis = (int) Math.max(10, Math.min(settings.pollInterval().toMillis(), 1_000));
        while (running) {
          PGNotification[] notifications = pg.getNotifications(timeoutMillis);
          if (notifications != null && notifications.length > 0) {
            wake();
          }
        }
      } catch (Exception e) {
        if (!running) {
          return;
        }
        log.warn("LISTEN outbox connection failed; polling every {} until it is back: {}",
            settings.pollInterval(), e.toString());
        try {
          Thread.sleep(LISTEN_RECONNECT_DELAY.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void wake() {
    synchronized (wakeLock) {
      wakeRequested = true;
      wakeLock.notifyAll();
    }
  }

  private void awaitWake(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (wakeLock) {
      while (!wakeRequested && running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(wakeLock, left);
      }
      wakeRequested = false;
    }
  }
}
