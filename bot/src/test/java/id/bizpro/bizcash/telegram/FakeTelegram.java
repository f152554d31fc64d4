package id.bizpro.bizcash.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * WireMock standing in for the Telegram Bot API, driven by the real TelegramBots client and long
 * polling. Tests queue updates as people would send them ({@link Person#send}, {@link
 * Person#press}); {@code getupdates} hands each queued update out once (waiting briefly when there
 * is none, like a long poll), and every other Bot API call is recorded so tests can wait for what a
 * chat sees. Thread-safe.
 */
public final class FakeTelegram implements AutoCloseable {
  public static final String TOKEN = "123456:TEST-token";
  static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A file the bot uploaded in a multipart request (sendDocument and the like). */
  public record Upload(String field, String fileName, byte[] bytes) {}

  /**
   * One Bot API request the bot made. A multipart request has its text fields in {@code body} (as
   * strings, as they were sent) and its files in {@code uploads}.
   */
  public record Call(String method, JsonNode body, List<Upload> uploads) {
    public Call(String method, JsonNode body) {
      this(method, body, List.of());
    }

    /**
     * The file sent for {@code field} ("document" for sendDocument): its own part, or the part that
     * an {@code attach://name} value points to, as TelegramBots sends it.
     */
    public Upload upload(String field) {
      String value = body.path(field).asText("");
      String part = value.startsWith("attach://") ? value.substring("attach://".length()) : field;
      return uploads.stream().filter(u -> u.field().equals(part)).findFirst()
          .orElseThrow(() -> new AssertionError("no file '" + field + "' in " + method + ": " + body));
    }

    public String text() {
      return body.path("text").asText("");
    }

    public long chatId() {
      return body.path("chat_id").asLong();
    }

    /** The callback data of the first inline button whose label contains {@code label}. */
    public String button(String label) {
      for (JsonNode row : body.path("reply_markup").path("inline_keyboard")) {
        for (JsonNode b : row) {
          if (b.path("text").asText().contains(label)) {
            return b.path("callback_data").asText(b.path("url").asText());
          }
        }
      }
      throw new AssertionError("no button '" + label + "' in " + body);
    }

    public List<String> buttonLabels() {
      List<String> out = new ArrayList<>();
      body.path("reply_markup").path("inline_keyboard").forEach(row -> row.forEach(b -> out.add(b.path("text").asText())));
      return out;
    }
  }

  private final WireMockServer server;
  private final LinkedBlockingQueue<String> updates = new LinkedBlockingQueue<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger updateIds = new AtomicInteger(1000);
  private final AtomicInteger messageIds = new AtomicInteger(5000);
  /** Guards taking updates out of the queue together with counting them, so {@link #intake} is exact. */
  private final Object handing = new Object();
  private long handedOut;

  public FakeTelegram() {
    server = new WireMockServer(options().dynamicPort().extensions(new BotApi()).jettyAcceptors(1).containerThreads(20));
    server.start();
    server.stubFor(post(urlPathMatching("/bot" + TOKEN.replace(":", "\\:") + "/.*")).willReturn(aResponse().withTransformers(BotApi.NAME)));
  }

  public URI apiUrl() {
    return URI.create("http://localhost:" + server.port());
  }

  public WireMockServer wireMock() {
    return server;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits for any request, in any chat, that {@code wanted} accepts. */
  public Call await(Predicate<Call> wanted, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Call c : calls) {
        if (wanted.test(c)) {
          return c;
        }
      }
      sleep();
    }
    throw new AssertionError("never got " + what);
  }

  public Person person(long telegramId, String username, String firstName, String languageCode) {
    return new Person(telegramId, username, firstName, languageCode);
  }

  /** A person who has sent /start and been greeted in their language ("en" or "id"). */
  public Person registered(long telegramId, String username, String firstName, String languageCode) {
    Person p = person(telegramId, username, firstName, languageCode);
    p.send("/start");
    p.expect(languageCode.equals("en") ? "welcome" : "selamat datang");
    return p;
  }

  /** A Telegram user in a private chat with the bot; its chat id is its user id. Not thread-safe. */
  public final class Person {
    public final long id;
    final ObjectNode from;
    private int cursor;
    private int lastMessageId;

    Person(long id, String username, String firstName, String languageCode) {
      this.id = id;
      from = JSON.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName);
      if (username != null) {
        from.put("username", username);
      }
      from.put("language_code", languageCode);
    }

    public int send(String text) {
      ObjectNode m = message(id, "private");
      m.put("text", text);
      return queue("message", m);
    }

    /** A non-text message: "sticker", "photo", "voice" or "document". */
    public int sendMedia(String kind) {
      ObjectNode m = message(id, "private");
      switch (kind) {
        case "sticker" -> m.putObject("sticker").put("file_id", "s1").put("file_unique_id", "s1").put("type", "regular")
            .put("width", 512).put("height", 512).put("is_animated", false).put("is_video", false);
        case "photo" -> m.putArray("photo").addObject().put("file_id", "p1").put("file_unique_id", "p1").put("width", 90).put("height", 90);
        case "voice" -> m.putObject("voice").put("file_id", "v1").put("file_unique_id", "v1").put("duration", 2);
        default -> m.putObject("document").put("file_id", "d1").put("file_unique_id", "d1");
      }
      return queue("message", m);
    }

    /** Sends in a group chat. */
    public int sendInGroup(long groupId, String text) {
      ObjectNode m = message(groupId, "group");
      m.put("text", text);
      return queue("message", m);
    }

    /** Presses a button with {@code data} on the bot's message {@code messageId}. */
    public int press(String data, int messageId) {
      ObjectNode q = JSON.createObjectNode();
      q.put("id", "cq" + updateIds.get());
      q.set("from", from);
      ObjectNode m = JSON.createObjectNode().put("message_id", messageId).put("date", now());
      m.putObject("chat").put("id", id).put("type", "private");
      q.set("message", m);
      q.put("chat_instance", "ci" + id);
      q.put("data", data);
      return queue("callback_query", q);
    }

    /** Types {@code query} after the bot's username in some chat (an inline query); returns the update id. */
    public int inlineQuery(String query) {
      ObjectNode q = JSON.createObjectNode();
      q.put("id", "iq" + updateIds.get());
      q.set("from", from);
      q.put("query", query);
      q.put("offset", "");
      q.put("chat_type", "group");
      return queue("inline_query", q);
    }

    /** Posts the inline result {@code resultId}; Telegram names the posted message {@code inlineMessageId}. */
    public int chooseInline(String resultId, String inlineMessageId, String query) {
      ObjectNode c = JSON.createObjectNode();
      c.put("result_id", resultId);
      c.set("from", from);
      c.put("query", query);
      c.put("inline_message_id", inlineMessageId);
      return queue("chosen_inline_result", c);
    }

    /** Presses a button with {@code data} on a message posted through inline mode (no chat in the update). */
    public int pressInline(String data, String inlineMessageId) {
      ObjectNode q = JSON.createObjectNode();
      q.put("id", "cq" + updateIds.get());
      q.set("from", from);
      q.put("inline_message_id", inlineMessageId);
      q.put("chat_instance", "ci-group");
      q.put("data", data);
      return queue("callback_query", q);
    }

    /** Presses the button labelled {@code label} on {@code reply}. */
    public int press(Call reply, String label) {
      return press(reply.button(label), reply.body().path("_message_id").asInt());
    }

    /** The id of this person's latest message, to match a deleteMessage against it. */
    public int lastMessageId() {
      return lastMessageId;
    }

    private ObjectNode message(long chatId, String type) {
      lastMessageId = messageIds.incrementAndGet();
      ObjectNode m = JSON.createObjectNode().put("message_id", lastMessageId).put("date", now());
      m.set("from", from);
      m.putObject("chat").put("id", chatId).put("type", type);
      return m;
    }

    /** Waits for the next message (sent or edited) to this chat whose text contains {@code fragment}. */
    public Call expect(String fragment) {
      return expectCall(c -> (c.method().equals("sendmessage") || c.method().equals("editmessagetext"))
          && c.text().contains(fragment), "a message containing '" + fragment + "'");
    }

    /** Waits for the next request of {@code method} to this chat. */
    public Call expectMethod(String method) {
      return expectCall(c -> c.method().equals(method), "a " + method);
    }

    /** Waits for the answer to the callback query of update {@code updateId}, whatever its text. */
    public Call expectAnswer(int updateId) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (Call c : calls) {
          if (c.method().equals("answercallbackquery") && c.body().path("callback_query_id").asText().equals("cq" + updateId)) {
            return c;
          }
        }
        sleep();
      }
      throw new AssertionError("no answer to callback of update " + updateId);
    }

    public Call expectCall(Predicate<Call> wanted, String what) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        List<Call> mine = mine();
        for (int i = cursor; i < mine.size(); i++) {
          if (wanted.test(mine.get(i))) {
            cursor = i + 1;
            return mine.get(i);
          }
        }
        sleep();
      }
      throw new AssertionError("chat " + id + " never got " + what + "; it got:\n" + String.join("\n---\n",
          mine().subList(Math.min(cursor, mine().size()), mine().size()).stream().map(c -> c.method() + ": " + c.text()).toList()));
    }

    /** All requests addressed to this chat so far. */
    public List<Call> mine() {
      return calls.stream().filter(c -> c.chatId() == id).toList();
    }

    /** Skips everything received so far. */
    public void skipAll() {
      cursor = mine().size();
    }
  }

  private int queue(String field, ObjectNode payload) {
    int updateId = updateIds.incrementAndGet();
    if (payload.has("id") && payload.path("id").asText().startsWith("cq")) {
      payload.put("id", "cq" + updateId);
    }
    if (payload.has("id") && payload.path("id").asText().startsWith("iq")) {
      payload.put("id", "iq" + updateId);
    }
    ObjectNode u = JSON.createObjectNode().put("update_id", updateId);
    u.set(field, payload);
    updates.add(u.toString());
    return updateId;
  }

  /**
   * Takes the oldest queued update out of the queue, as raw JSON, for a test that delivers it
   * itself (Telegram webhook mode) instead of letting getupdates hand it out.
   */
  public String takeUpdate() {
    String u = updates.poll();
    if (u == null) {
      throw new AssertionError("no update queued");
    }
    return u;
  }

  /**
   * Updates queued but not yet fetched, and updates handed to the bot by getUpdates so far, read
   * at one instant (see {@link QuietPoint}).
   */
  public record Intake(int queued, long handedOut) {}

  public Intake intake() {
    synchronized (handing) {
      return new Intake(updates.size(), handedOut);
    }
  }

  /** The queued updates, waiting up to {@code wait} for one when there is none (a long poll). */
  private List<String> handOut(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      synchronized (handing) {
        List<String> batch = new ArrayList<>();
        updates.drainTo(batch);
        if (!batch.isEmpty()) {
          handedOut += batch.size();
          return batch;
        }
      }
      if (System.nanoTime() - deadline > 0) {
        return List.of();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  /** Makes the same update arrive again, as Telegram does after a lost acknowledgement. */
  public void redeliver(int updateId, String rawUpdate) {
    updates.add(rawUpdate);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Answers Bot API calls like Telegram would, handing out queued updates on getupdates. */
  private final class BotApi implements ResponseDefinitionTransformerV2 {
    static final String NAME = "fake-telegram";
    private final AtomicLong sent = new AtomicLong();

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      String path = event.getRequest().getUrl();
      String method = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
      JsonNode body;
      List<Upload> uploads = new ArrayList<>();
      if (event.getRequest().isMultipart()) {
        ObjectNode fields = JSON.createObjectNode();
        for (var part : event.getRequest().getParts()) {
          if (part.getFileName() != null) {
            uploads.add(new Upload(part.getName(), part.getFileName(), part.getBody().asBytes()));
          } else {
            fields.put(part.getName(), part.getBody().asString());
          }
        }
        body = fields;
      } else {
        try {
          String raw = event.getRequest().getBodyAsString();
          body = raw == null || raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (Exception e) {
          body = JSON.createObjectNode();
        }
      }
      String result;
      switch (method.toLowerCase()) {
        case "getupdates" -> result = "[" + String.join(",", handOut(Duration.ofMillis(150))) + "]";
        case "getme" -> result = "{\"id\":42,\"is_bot\":true,\"first_name\":\"BizCash\",\"username\":\"BizCashTestBot\"}";
        case "sendmessage", "editmessagetext" -> {
          int messageId = method.equals("sendmessage") ? messageIds.incrementAndGet() : body.path("message_id").asInt();
          ((ObjectNode) body).put("_message_id", messageId);
          sent.incrementAndGet();
          result = "{\"message_id\":" + messageId + ",\"date\":" + now() + ",\"chat\":{\"id\":"
              + body.path("chat_id").asText("0") + ",\"type\":\"private\"},\"text\":\"ok\"}";
        }
        case "senddocument" -> {
          int messageId = messageIds.incrementAndGet();
          ((ObjectNode) body).put("_message_id", messageId);
          String fileName = uploads.isEmpty() ? "file" : uploads.get(0).fileName();
          result = "{\"message_id\":" + messageId + ",\"date\":" + now() + ",\"chat\":{\"id\":"
              + body.path("chat_id").asText("0") + ",\"type\":\"private\"},\"document\":{\"file_id\":\"doc" + messageId
              + "\",\"file_unique_id\":\"doc" + messageId + "\",\"file_name\":" + JSON.valueToTree(fileName) + "}}";
        }
        case "sendphoto" -> {
          int messageId = messageIds.incrementAndGet();
          ((ObjectNode) body).put("_message_id", messageId);
          result = "{\"message_id\":" + messageId + ",\"date\":" + now() + ",\"chat\":{\"id\":"
              + body.path("chat_id").asText("0") + ",\"type\":\"private\"},\"photo\":[{\"file_id\":\"ph" + messageId
              + "\",\"file_unique_id\":\"ph" + messageId + "\",\"width\":480,\"height\":480}]}";
        }
        default -> result = "true";
      }
      if (!method.equals("getupdates")) {
        calls.add(new Call(method.toLowerCase(), body, List.copyOf(uploads)));
      }
      return new ResponseDefinitionBuilder()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody("{\"ok\":true,\"result\":" + result + "}")
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
