package id.bizpro.bizcash.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Bot API stand-in that keeps Telegram's delivery contract for long polling, which crash tests
 * need and {@code FakeTelegram} does not model: an update is handed out again and again until a
 * later {@code getUpdates} confirms it with an {@code offset} above its id, so a bot killed before
 * confirming gets it again after a restart. Every other call is recorded. Faults can be switched
 * on for all methods: connection reset (the exchange is closed without an answer), HTTP 502, or
 * the whole server down (connection refused) and back on the same port. Thread-safe.
 */
final class BotApiStandIn implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  enum Fault { NONE, RESET, BAD_GATEWAY }

  record Call(String method, JsonNode body, long atNanos) {
    String text() {
      return body.path("text").asText("");
    }

    long chatId() {
      return body.path("chat_id").asLong();
    }

    int messageId() {
      return body.path("_message_id").asInt();
    }

    String button(String label) {
      for (JsonNode row : body.path("reply_markup").path("inline_keyboard")) {
        for (JsonNode b : row) {
          if (b.path("text").asText().contains(label)) {
            return b.path("callback_data").asText();
          }
        }
      }
      return null;
    }
  }

  private final String token;
  private final int port;
  private final ConcurrentSkipListMap<Integer, String> pending = new ConcurrentSkipListMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger updateIds = new AtomicInteger(10_000);
  private final AtomicInteger messageIds = new AtomicInteger(50_000);
  private final AtomicInteger getUpdatesCalls = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong handedOut = new java.util.concurrent.atomic.AtomicLong();
  private final AtomicInteger faultsAnswered = new AtomicInteger();
  private final Object updatesArrived = new Object();
  private volatile Fault fault = Fault.NONE;
  private HttpServer server;
  private ExecutorService executor;

  BotApiStandIn(String token) throws IOException {
    this.token = token;
    start(0);
    this.port = server.getAddress().getPort();
  }

  private synchronized void start(int onPort) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bot-api-stand-in");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  URI apiUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  void fault(Fault f) {
    fault = f;
  }

  /** Connection refused from now on, until {@link #up()}. */
  synchronized void down() {
    server.stop(0);
    executor.shutdownNow();
  }

  synchronized void up() throws IOException {
    start(port);
  }

  int faultsAnswered() {
    return faultsAnswered.get();
  }

  int getUpdatesCalls() {
    return getUpdatesCalls.get();
  }

  /** Updates handed out by getUpdates answers that were written, each time it was handed out. */
  long handedOut() {
    return handedOut.get();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> sentTo(long chatId) {
    return calls.stream().filter(c -> c.method().equals("sendmessage") && c.chatId() == chatId).toList();
  }

  /** Queues a text message from a private-chat user; returns its update id. */
  int send(long userId, String username, String text) {
    ObjectNode m = message(userId, username);
    m.put("text", text);
    return queue("message", m);
  }

  /** A press of the button with {@code data} on the bot's message {@code messageId}. */
  int press(long userId, String username, String data, int messageId) {
    int id = updateIds.incrementAndGet();
    ObjectNode q = JSON.createObjectNode();
    q.put("id", "cq" + id);
    q.set("from", from(userId, username));
    ObjectNode m = JSON.createObjectNode().put("message_id", messageId).put("date", now());
    m.putObject("chat").put("id", userId).put("type", "private");
    q.set("message", m);
    q.put("chat_instance", "ci" + userId);
    q.put("data", data);
    return queue(id, "callback_query", q);
  }

  /**
   * Waits up to {@code wait} for a call after {@code fromIndex} (an index into {@link #calls()})
   * that {@code wanted} accepts; null when none came.
   */
  Call await(int fromIndex, Predicate<Call> wanted, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = fromIndex; i < calls.size(); i++) {
        Call c = calls.get(i);
        if (wanted.test(c)) {
          return c;
        }
      }
      try {
        Thread.sleep(15);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  int callCount() {
    return calls.size();
  }

  /** Updates handed out but not yet confirmed by an offset, or not yet fetched at all. */
  int unconfirmed() {
    return pending.size();
  }

  private ObjectNode from(long userId, String username) {
    return JSON.createObjectNode().put("id", userId).put("is_bot", false).put("first_name", username)
        .put("username", username).put("language_code", "id");
  }

  private ObjectNode message(long userId, String username) {
    ObjectNode m = JSON.createObjectNode().put("message_id", messageIds.incrementAndGet()).put("date", now());
    m.set("from", from(userId, username));
    m.putObject("chat").put("id", userId).put("type", "private");
    return m;
  }

  private int queue(String field, ObjectNode payload) {
    return queue(updateIds.incrementAndGet(), field, payload);
  }

  private int queue(int id, String field, ObjectNode payload) {
    ObjectNode u = JSON.createObjectNode().put("update_id", id);
    u.set(field, payload);
    pending.put(id, u.toString());
    synchronized (updatesArrived) {
      updatesArrived.notifyAll();
    }
    return id;
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] raw = ex.getRequestBody().readAllBytes();
      if (!path.startsWith("/bot" + token + "/")) {
        answer(ex, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
        return;
      }
      Fault f = fault;
      if (f == Fault.RESET) {
        faultsAnswered.incrementAndGet();
        return; // closed without a status line: the client sees the connection end
      }
      if (f == Fault.BAD_GATEWAY) {
        faultsAnswered.incrementAndGet();
        answer(ex, 502, "<html><body>502 Bad Gateway</body></html>");
        return;
      }
      String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase();
      JsonNode body = parse(raw, ex.getRequestHeaders().getFirst("Content-Type"));
      String result;
      int batchSize = 0;
      switch (method) {
        case "getupdates" -> {
          getUpdatesCalls.incrementAndGet();
          long offset = body.path("offset").asLong(0);
          pending.headMap((int) Math.min(Integer.MAX_VALUE, Math.max(0, offset))).clear();
          List<String> batch = new ArrayList<>(pending.tailMap((int) Math.max(0, offset)).values());
          if (batch.isEmpty()) {
            synchronized (updatesArrived) {
              try {
                updatesArrived.wait(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            batch = new ArrayList<>(pending.tailMap((int) Math.max(0, offset)).values());
          }
          batchSize = Math.min(batch.size(), 100);
          result = "[" + String.join(",", batch.subList(0, batchSize)) + "]";
        }
        case "getme" -> result = "{\"id\":42,\"is_bot\":true,\"first_name\":\"BizCash\",\"username\":\"BizCashCrashBot\"}";
        case "sendmessage", "editmessagetext" -> {
          int messageId = method.equals("sendmessage") ? messageIds.incrementAndGet() : body.path("message_id").asInt();
          ((ObjectNode) body).put("_message_id", messageId);
          result = "{\"message_id\":" + messageId + ",\"date\":" + now() + ",\"chat\":{\"id\":"
              + body.path("chat_id").asText("0") + ",\"type\":\"private\"},\"text\":\"ok\"}";
        }
        default -> result = "true";
      }
      if (!method.equals("getupdates")) {
        calls.add(new Call(method, body, System.nanoTime()));
      }
      answer(ex, 200, "{\"ok\":true,\"result\":" + result + "}");
      handedOut.addAndGet(batchSize); // once written: an answer lost to a fault hands nothing out
    }
  }

  private static JsonNode parse(byte[] raw, String contentType) {
    String s = new String(raw, StandardCharsets.UTF_8);
    if (s.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(s);
    } catch (IOException notJson) {
      ObjectNode form = JSON.createObjectNode();
      for (String pair : s.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return form;
    }
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/html");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    down();
  }
}
