package id.bizpro.bizcash.conversation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a bounded pool so that different chats proceed in parallel while the tasks of one
 * chat run one after the other, in submission order. (The database row lock would serialize them
 * anyway; the lanes keep Telegram's order and keep one busy chat from occupying many threads.)
 * Thread-safe.
 */
public final class ChatLanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);
  private final ExecutorService pool;
  private final ConcurrentHashMap<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  public ChatLanes(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "bizcash-chat-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Queues {@code task} behind the chat's earlier tasks; the returned future completes when it has
   * run (normally or not). A task that fails, even with an Error, never stops the tasks after it.
   */
  public CompletableFuture<Void> submit(long chatId, Runnable task) {
    CompletableFuture<Void> queued = tails.compute(
        chatId,
        (id, tail) -> {
          CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
          // handle(): run after the previous task however it ended; thenRunAsync alone would skip
          // every later task of the chat once one completed exceptionally.
          CompletableFuture<Void> next =
              previous.handle((v, e) -> (Void) null).thenRunAsync(
                  () -> {
                    try {
                      task.run();
                    } catch (RuntimeException e) {
                      log.error("Task for chat {} failed", chatId, e);
                    }
                  },
                  pool);
          return next;
        });
    // Forget finished lanes so the map does not grow with every chat ever seen. (Outside compute:
    // an already finished future runs this callback at once, and compute must not recurse.)
    queued.whenComplete((v, e) -> {
      tails.remove(chatId, queued);
      if (e != null) {
        log.error("Task for chat {} failed", chatId, e);
      }
    });
    return queued;
  }

  /** Stops taking work and waits up to {@code timeoutMillis} for the tasks already queued. */
  public void close(long timeoutMillis) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(10_000);
  }
}
