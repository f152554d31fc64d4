package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.InputFile;

/**
 * Makes statement files and uploads them, off the threads that handle updates: a file of many
 * thousand rows takes seconds, and a chat's lane (and its database connection) must not wait for
 * it. A fixed number of workers and a bounded queue keep a burst of requests from exhausting memory
 * or the database pool; a request that does not fit is refused with a "busy" message. While a file
 * is made the chat shows "sending file…", renewed every few seconds because Telegram shows a chat
 * action for about five. Thread-safe; {@link #close} stops the workers.
 */
final class StatementJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatementJobs.class);
  private static final SecureRandom random = new SecureRandom();
  private static final long CHAT_ACTION_EVERY_SECONDS = 4;

  /** One statement to make and send. */
  record Request(long chatId, User user, Language language, StatementPeriod period, StatementFormat format) {}

  private final StatementService service;
  private final Messages messages;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService ticker;

  StatementJobs(StatementService service, Messages messages, int workerThreads, int queueLength) {
    this.service = service;
    this.messages = messages;
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueLength), r -> daemon(r, "bizcash-statement-" + n.incrementAndGet()));
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bizcash-statement-action"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Queues {@code request}; when the queue is full (or closed) tells the user to try later. */
  void submit(TelegramSender sender, Request request) {
    try {
      workers.execute(() -> run(sender, request));
    } catch (RejectedExecutionException e) {
      log.warn("Statement for chat {} refused: {} queued", request.chatId(), workers.getQueue().size());
      say(sender, request.chatId(), messages.get(request.language(), "statement.busy"));
    }
  }

  private void run(TelegramSender sender, Request r) {
    ScheduledFuture<?> uploading = ticker.scheduleAtFixedRate(
        () -> uploadAction(sender, r.chatId()), 0, CHAT_ACTION_EVERY_SECONDS, TimeUnit.SECONDS);
    Path file = null;
    try {
      long started = System.nanoTime();
      StatementService.Generated g =
          service.generate(r.user(), r.period().from(), r.period().to(), r.format(), language(r.language()));
      file = g.file();
      uploading.cancel(false);
      sender.sendDocument(SendDocument.builder()
          .chatId(r.chatId())
          .document(new InputFile(file.toFile(), g.fileName()))
          .caption(caption(r.language(), g.summary()))
          .parseMode(ParseMode.HTML)
          .build());
      log.info("Statement {} ({} entries) sent to chat {} in {} ms", g.fileName(), g.summary().entries(), r.chatId(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (Exception e) {
      String ref = reference();
      log.error("Statement {} {} for chat {} failed, ref {}", r.format(), r.period(), r.chatId(), ref, e);
      say(sender, r.chatId(), messages.get(r.language(), "statement.failed", ref));
    } finally {
      uploading.cancel(false);
      deleteQuietly(file);
    }
  }

  /** The caption under the file: the period and its four totals, in the user's language. */
  String caption(Language l, WalletActivity.Summary s) {
    String text = messages.get(l, "statement.caption", periodText(messages, l, new StatementPeriod(s.from(), s.to())),
        s.opening().format(), s.totalIn().format(), s.totalOut().format(), s.closing().format(), s.entries());
    return s.entries() == 0 ? text + "\n" + messages.get(l, "statement.caption_empty") : text;
  }

  /** "1 Nov 2026 – 26 Nov 2026" in the user's language. */
  static String periodText(Messages messages, Language l, StatementPeriod p) {
    return messages.date(l, startOf(p.from())) + " – " + messages.date(l, startOf(p.to()));
  }

  private static java.time.Instant startOf(LocalDate day) {
    return day.atStartOfDay(WalletActivity.WIB).toInstant();
  }

  static StatementLanguage language(Language l) {
    return switch (l) {
      case ID -> StatementLanguage.ID;
      case EN -> StatementLanguage.EN;
    };
  }

  private static void uploadAction(TelegramSender sender, long chatId) {
    try {
      sender.execute(SendChatAction.builder().chatId(chatId).action(ActionType.UPLOAD_DOCUMENT.toString()).build());
    } catch (Exception e) {
      log.debug("Chat action for chat {} failed: {}", chatId, e.getMessage()); // cosmetic only
    }
  }

  private static void say(TelegramSender sender, long chatId, String html) {
    try {
      sender.execute(SendMessage.builder().chatId(chatId).text(html).parseMode(ParseMode.HTML).build());
    } catch (Exception e) {
      log.warn("Could not tell chat {} about its statement: {}", chatId, e.getMessage());
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (Exception e) {
      log.warn("Could not delete statement file {}", file, e);
    }
  }

  private static String reference() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder s = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /** Stops taking requests, lets running ones finish for up to {@code timeoutMillis}, then interrupts. */
  void close(long timeoutMillis) {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    ticker.shutdownNow();
  }

  @Override
  public void close() {
    close(10_000);
  }
}
