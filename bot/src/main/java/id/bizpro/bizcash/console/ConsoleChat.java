package id.bizpro.bizcash.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.notify.NotificationRenderer;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.telegram.BotCore;
import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import id.bizpro.bizcash.wiring.PpobWiring;
import id.bizpro.bizcash.notify.NotificationRenderer;
import id.bizpro.bizcash.user.Language;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * Chat with the bot in a terminal: the same {@link BotCore} pipeline and database as on Telegram,
 * with a sender that prints messages and numbers their buttons. Commands of the console itself:
 * {@code /as <username>} switches user, a number presses that button, {@code /pay <TOP-ref>}
 * simulates the payment confirmation of a top-up order, {@code /quit} leaves. Notifications
 * (the outbox) are delivered after each line: the current user's print as messages, other users'
 * as {@code (to @bob) 💸 …}, so a transfer shows what its recipient gets. Statements are saved under
 * {@code statements/<username>/}. Not thread-safe: one terminal, one thread.
 */
public final class ConsoleChat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LedgerServices services;
  private final List<PayeeAccount> payTo;
  private final PrintStream out;
  private final List<InlineKeyboardButton> buttons = new ArrayList<>();
  private final NotificationRenderer renderer = new NotificationRenderer();
  private final AtomicInteger messageIds = new AtomicInteger(1);
  private int buttonsMessageId;
  private String username = "alice";
  private int updateId;

  public ConsoleChat(LedgerServices services, List<PayeeAccount> payTo, PrintStream out) {
    this.services = services;
    this.payTo = payTo;
    this.out = out;
  }

  /** Reads lines from {@code in} until end of input or {@code /quit}. */
  public void run(InputStream in) throws java.io.IOException {
    // PPOB runs on the built-in simulated provider here (labelled as a simulation to the user).
    PrintingSender sender = new PrintingSender();
    BotCore core = Conversations.core(services,
        Conversations.Settings.plain(payTo).withPpob(Optional.of(PpobWiring.simulated(services))), sender, "BizCashBot");
    TopUpOrders orders = services.topUpOrders();
    Jdbi jdbi = services.jdbi();
    // Update ids are remembered as processed: continue after the last one a previous session used.
    updateId = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(update_id), 0)::int FROM processed_updates").mapTo(Integer.class).one());
    out.println("BizCash console. You are @" + username + ". /as <username> switches user, a number presses a button,");
    out.println("/pay <TOP-ref> simulates a payment, /quit leaves. Try /start.");
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    out.print("@" + username + "> ");
    out.flush();
    while ((line = reader.readLine()) != null) {
      String text = line.strip();
      if (text.equals("/quit")) {
        break;
      } else if (text.startsWith("/as ")) {
        username = text.substring(4).strip().replaceFirst("^@", "");
        buttons.clear();
        out.println("(you are now @" + username + ")");
      } else if (text.startsWith("/pay ")) {
        pay(orders, text.substring(5).strip());
      } else if (text.matches("\\d{1,2}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= buttons.size()) {
        InlineKeyboardButton b = buttons.get(Integer.parseInt(text) - 1);
        if (b.getUrl() != null) {
          out.println("(link: " + b.getUrl() + ")");
        } else {
          core.handle(update("callback_query", callback(b.getCallbackData())));
        }
      } else if (!text.isEmpty()) {
        core.handle(update("message", message(text)));
      }
      deliverNotifications(jdbi, sender);
      out.print("@" + username + "> ");
      out.flush();
    }
    core.close(); // waits for a statement still being made, so its file is printed
  }

  /**
   * Delivers the outbox as the dispatcher would, oldest first, rendered in each recipient's
   * language: the current user's as messages, other users' prefixed with {@code (to @name)}.
   */
  private void deliverNotifications(Jdbi jdbi, PrintingSender sender) {
    record Row(long id, long chatId, String kind, String params, String language, String username) {}
    List<Row> rows = jdbi.withHandle(h -> h.createQuery(
            """
            SELECT o.id, o.chat_id, o.kind, o.params::text AS params, coalesce(u.language, 'id') AS language, u.username
            FROM outbox o LEFT JOIN users u ON u.telegram_id = o.chat_id
            WHERE o.status = 'pending' ORDER BY o.id
            """)
        .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getLong("chat_id"), rs.getString("kind"), rs.getString("params"),
            rs.getString("language"), rs.getString("username")))
        .list());
    for (Row r : rows) {
      String html;
      org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard keyboard = null;
      try {
        java.util.Map<String, Object> params = JSON.readValue(r.params(),
            new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {});
        Language language = Language.fromCode(r.language());
        html = renderer.render(r.kind(), params, language);
        keyboard = renderer.keyboard(r.kind(), params, language).orElse(null);
      } catch (java.io.IOException | RuntimeException e) {
        html = "(" + r.kind() + ": " + e.getMessage() + ")";
      }
      if (r.chatId() == telegramId()) {
        // The current user's notice, with its buttons (a PPOB receipt's "Beli lagi") to press.
        sender.print(html, keyboard, messageIds.incrementAndGet());
      } else {
        out.println();
        out.println("(to " + (r.username() == null ? "chat " + r.chatId() : "@" + r.username()) + ") " + plain(html));
      }
      jdbi.useHandle(h -> h.execute("UPDATE outbox SET status = 'sent', sent_at = now() WHERE id = ?", r.id()));
    }
  }

  private static String plain(String html) {
    return html.replaceAll("</?(b|i|code)>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  private void pay(TopUpOrders orders, String typed) {
    Optional<TopUpOrder> order = References.normalise(References.TOP_UP, typed).flatMap(orders::byReference);
    if (order.isEmpty()) {
      out.println("(no order " + typed + ")");
      return;
    }
    out.println("(payment of " + order.get().total().format() + " for " + order.get().reference() + ": "
        + orders.pay(order.get().reference(), new TopUpOrders.Payment("console",
            Optional.of("console:" + order.get().reference()), order.get().total(), Optional.empty())).getClass().getSimpleName() + ")");
  }

  private long telegramId() {
    return 1_000_000L + Math.floorMod(username.toLowerCase().hashCode(), 900_000_000);
  }

  private ObjectNode from() {
    return JSON.createObjectNode().put("id", telegramId()).put("is_bot", false).put("first_name", username)
        .put("username", username).put("language_code", "id");
  }

  private ObjectNode chat() {
    return JSON.createObjectNode().put("id", telegramId()).put("type", "private");
  }

  private ObjectNode message(String text) {
    ObjectNode m = JSON.createObjectNode().put("message_id", messageIds.incrementAndGet()).put("date", services.clock().instant().getEpochSecond());
    m.set("from", from());
    m.set("chat", chat());
    m.put("text", text);
    return m;
  }

  private ObjectNode callback(String data) {
    ObjectNode m = JSON.createObjectNode().put("message_id", buttonsMessageId).put("date", services.clock().instant().getEpochSecond());
    m.set("chat", chat());
    ObjectNode q = JSON.createObjectNode().put("id", "console-" + (updateId + 1)).put("chat_instance", "console").put("data", data);
    q.set("from", from());
    q.set("message", m);
    return q;
  }

  private Update update(String field, ObjectNode payload) {
    ObjectNode u = JSON.createObjectNode().put("update_id", ++updateId);
    u.set(field, payload);
    return JSON.convertValue(u, Update.class);
  }

  /** Prints what the bot would send to Telegram. */
  private final class PrintingSender implements TelegramSender {
    @Override
    public <T extends Serializable> T execute(BotApiMethod<T> method) {
      switch (method) {
        case SendMessage m -> print(m.getText(), m.getReplyMarkup(), messageIds.incrementAndGet());
        case EditMessageText m -> print("(edited)\n" + m.getText(), m.getReplyMarkup(), m.getMessageId());
        case DeleteMessage m -> out.println("(your message was deleted)");
        case AnswerCallbackQuery a -> {
          if (a.getText() != null) {
            out.println("[" + a.getText() + "]");
          }
        }
        default -> { }
      }
      return null;
    }

    /**
     * Statements are saved in {@code ./statements/<username>/} and their path printed: a terminal
     * cannot receive files.
     */
    @Override
    public Message sendDocument(SendDocument document) throws TelegramApiException {
      try {
        InputFile file = document.getDocument();
        Path dir = Path.of("statements", username.replaceAll("[^A-Za-z0-9_]", "_"));
        Files.createDirectories(dir);
        Path target = dir.resolve(file.getMediaName());
        if (file.getNewMediaFile() != null) {
          Files.copy(file.getNewMediaFile().toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.copy(file.getNewMediaStream(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        out.println();
        out.println("📎 " + target.toAbsolutePath());
        if (document.getCaption() != null) {
          out.println(plain(document.getCaption()));
        }
        return null;
      } catch (java.io.IOException e) {
        throw new TelegramApiException("could not save the statement file: " + e.getMessage(), e);
      }
    }

    private void print(String html, ReplyKeyboard keyboard, int messageId) {
      out.println();
      out.println(plain(html));
      if (keyboard instanceof InlineKeyboardMarkup inline) {
        buttons.clear();
        buttonsMessageId = messageId;
        inline.getKeyboard().forEach(row -> row.forEach(buttons::add));
        for (int i = 0; i < buttons.size(); i++) {
          out.println("  [" + (i + 1) + "] " + buttons.get(i).getText());
        }
      }
    }

  }
}
