package id.bizpro.bizcash.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.conversation.TelegramSender;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * Private chats with a {@link BotCore} and no transport: each {@link Chat} turns what a person
 * types or presses into the {@link Update} Telegram would deliver, hands it to the core on the
 * calling thread, and returns what the bot sent to that chat while handling it. The sender the core
 * answers through records every request per chat. For flow tests that need no HTTP client and for
 * benchmarks of the conversation path; long polling and the webhook route feed the same core.
 * Thread-safe as long as each chat is driven by one thread at a time (as Telegram's per-chat order
 * and the bot's chat lanes guarantee for real chats).
 */
public final class InProcessChats implements TelegramSender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Sent(BotApiMethod<?> method, int messageId) {}

  private final Map<Long, List<Sent>> sentByChat = new ConcurrentHashMap<>();
  private final Map<Long, List<SendDocument>> documentsByChat = new ConcurrentHashMap<>();
  private final Map<Long, List<SendPhoto>> photosByChat = new ConcurrentHashMap<>();
  private final Map<String, AnswerCallbackQuery> answers = new ConcurrentHashMap<>();
  private final AtomicInteger messageIds = new AtomicInteger();
  private final AtomicInteger updateIds;
  private BotCore core;

  /** @param firstUpdateId update ids continue from here (processed ids are remembered in the database) */
  public InProcessChats(int firstUpdateId) {
    this.updateIds = new AtomicInteger(firstUpdateId);
  }

  /** Builds the core with this as its sender ({@code build} is, e.g., {@code s -> Conversations.core(…, s, …)}). */
  public InProcessChats attach(Function<TelegramSender, BotCore> build) {
    this.core = build.apply(this);
    return this;
  }

  public BotCore core() {
    return core;
  }

  /** A private chat with the person {@code telegramId} (chat id = user id, as Telegram does). */
  public Chat chat(long telegramId, String username, String firstName, String languageCode) {
    return new Chat(telegramId, username, firstName, languageCode);
  }

  @Override
  public <T extends Serializable> T execute(BotApiMethod<T> method) {
    if (method instanceof AnswerCallbackQuery a) {
      answers.put(a.getCallbackQueryId(), a);
    }
    int messageId = method instanceof SendMessage ? messageIds.incrementAndGet() : 0;
    chatIdOf(method).ifPresent(id -> log(id).add(new Sent(method, messageId)));
    if (method instanceof SendMessage m) {
      @SuppressWarnings("unchecked")
      T reply = (T) message(Long.parseLong(m.getChatId()), messageId);
      return reply;
    }
    return null;
  }

  @Override
  public Message sendDocument(SendDocument document) {
    long chat = Long.parseLong(document.getChatId());
    documentsByChat.computeIfAbsent(chat, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(document);
    return message(chat, messageIds.incrementAndGet());
  }

  @Override
  public Message sendPhoto(SendPhoto photo) {
    long chat = Long.parseLong(photo.getChatId());
    photosByChat.computeIfAbsent(chat, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(photo);
    return message(chat, messageIds.incrementAndGet());
  }

  private List<Sent> log(long chatId) {
    return sentByChat.computeIfAbsent(chatId, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
  }

  private static Optional<Long> chatIdOf(BotApiMethod<?> method) {
    try {
      Object id = method.getClass().getMethod("getChatId").invoke(method);
      return id == null ? Optional.empty() : Optional.of(Long.parseLong(id.toString()));
    } catch (ReflectiveOperationException | NumberFormatException e) {
      return Optional.empty(); // answerCallbackQuery, setMyCommands: not addressed to a chat
    }
  }

  private static Message message(long chatId, int messageId) {
    ObjectNode m = JSON.createObjectNode().put("message_id", messageId).put("date", Instant.now().getEpochSecond());
    m.set("chat", JSON.createObjectNode().put("id", chatId).put("type", "private"));
    return JSON.convertValue(m, Message.class);
  }

  /** One person's private chat with the bot. */
  public final class Chat {
    private final long telegramId;
    private final String username;
    private final String firstName;
    private final String languageCode;
    private int lastKeyboardMessageId;
    private InlineKeyboardMarkup lastKeyboard;

    private Chat(long telegramId, String username, String firstName, String languageCode) {
      this.telegramId = telegramId;
      this.username = username;
      this.firstName = firstName;
      this.languageCode = languageCode;
    }

    public long telegramId() {
      return telegramId;
    }

    /** Types {@code text}; returns what the bot sent to this chat in answer. */
    public List<BotApiMethod<?>> send(String text) {
      ObjectNode m = message(telegramId, "private");
      m.put("text", text);
      return handle("message", m, telegramId);
    }

    /** Sends a sticker (something that is not text). */
    public List<BotApiMethod<?>> sendSticker() {
      ObjectNode m = message(telegramId, "private");
      m.set("sticker", JSON.createObjectNode().put("file_id", "sticker").put("file_unique_id", "sticker")
          .put("type", "regular").put("width", 512).put("height", 512).put("is_animated", false).put("is_video", false));
      return handle("message", m, telegramId);
    }

    /** Types {@code text} in the group {@code groupId}; returns what the bot sent to that group in answer. */
    public List<BotApiMethod<?>> sendInGroup(long groupId, String text) {
      ObjectNode m = message(groupId, "group");
      ((ObjectNode) m.get("chat")).put("title", "Group " + groupId);
      m.put("text", text);
      return handle("message", m, groupId);
    }

    /**
     * Presses the button whose text contains {@code label} on the last inline keyboard the bot sent
     * here; the replies end with the bot's answer to the press, if it gave one.
     */
    public List<BotApiMethod<?>> press(String label) {
      if (lastKeyboard == null) {
        throw new IllegalStateException("no inline keyboard in chat " + telegramId);
      }
      InlineKeyboardButton button = lastKeyboard.getKeyboard().stream().flatMap(List::stream)
          .filter(b -> b.getText().contains(label)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no button '" + label + "' in chat " + telegramId));
      return pressData(button.getCallbackData(), lastKeyboardMessageId);
    }

    /** A callback with any data on message {@code messageId}, as a forged or stale button would send. */
    public List<BotApiMethod<?>> pressData(String data, int messageId) {
      ObjectNode msg = JSON.createObjectNode().put("message_id", messageId).put("date", Instant.now().getEpochSecond());
      msg.set("chat", JSON.createObjectNode().put("id", telegramId).put("type", "private"));
      String queryId = "q" + updateIds.get() + "-" + telegramId;
      ObjectNode q = JSON.createObjectNode().put("id", queryId).put("chat_instance", "in-process").put("data", data);
      q.set("from", from());
      q.set("message", msg);
      List<BotApiMethod<?>> replies = new ArrayList<>(handle("callback_query", q, telegramId));
      Optional.ofNullable(answers.remove(queryId)).ifPresent(replies::add);
      return replies;
    }

    /** Files the bot sent to this chat so far (statements are sent from another thread). */
    public List<SendDocument> documents() {
      List<SendDocument> sent = documentsByChat.getOrDefault(telegramId, List.of());
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }

    /** Photos the bot sent to this chat so far (a payment link's QR code). */
    public List<SendPhoto> photos() {
      List<SendPhoto> sent = photosByChat.getOrDefault(telegramId, List.of());
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }

    private ObjectNode from() {
      ObjectNode f = JSON.createObjectNode().put("id", telegramId).put("is_bot", false).put("first_name", firstName)
          .put("language_code", languageCode);
      if (username != null) {
        f.put("username", username);
      }
      return f;
    }

    private ObjectNode message(long chatId, String type) {
      ObjectNode m = JSON.createObjectNode().put("message_id", messageIds.incrementAndGet())
          .put("date", Instant.now().getEpochSecond());
      m.set("from", from());
      m.set("chat", JSON.createObjectNode().put("id", chatId).put("type", type));
      return m;
    }

    private List<BotApiMethod<?>> handle(String field, ObjectNode payload, long answeredIn) {
      List<Sent> log = log(answeredIn);
      int before = log.size();
      ObjectNode u = JSON.createObjectNode().put("update_id", updateIds.incrementAndGet());
      u.set(field, payload);
      core.handle(JSON.convertValue(u, Update.class));
      List<Sent> answered;
      synchronized (log) {
        answered = List.copyOf(log.subList(before, log.size()));
      }
      for (Sent sent : answeredIn == telegramId ? answered : List.<Sent>of()) {
        if (sent.method() instanceof SendMessage s && s.getReplyMarkup() instanceof InlineKeyboardMarkup k) {
          lastKeyboard = k;
          lastKeyboardMessageId = sent.messageId();
        } else if (sent.method() instanceof EditMessageText e && e.getReplyMarkup() != null) {
          lastKeyboard = e.getReplyMarkup();
          lastKeyboardMessageId = e.getMessageId();
        }
      }
      return answered.stream().<BotApiMethod<?>>map(Sent::method).toList();
    }
  }

  /** The text of a reply (a message sent or edited), or empty for other requests. */
  public static Optional<String> text(BotApiMethod<?> method) {
    return switch (method) {
      case SendMessage m -> Optional.of(m.getText());
      case EditMessageText m -> Optional.of(m.getText());
      default -> Optional.empty();
    };
  }
}
