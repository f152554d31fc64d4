package id.bizpro.bizcash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in Telegram Bot API on loopback for the benchmarks (the JDK's HttpServer, so it ships in
 * the jar; WireMock is test-scope only). It hands out queued updates to {@code getUpdates} (long
 * polling: an empty queue holds the request for up to the asked timeout, at most one second), and
 * absorbs every other method with a plausible {@code {"ok":true,"result":…}}: a Message for
 * sendMessage and editMessageText, a bot User for getMe, {@code true} otherwise.
 *
 * <p>Optionally it enforces a send limit the way Telegram does: more than {@code maxSendsPerSecond}
 * sends in any sliding one-second window are answered 429 with {@code retry_after} 1, and counted.
 *
 * <p>Thread-safe: listeners are called on the server's threads, concurrently.
 */
final class FakeBotApi implements AutoCloseable {
  /** Called when updates leave in a getUpdates answer (just before the answer is written). */
  interface HandoutListener {
    void handedOut(List<JsonNode> updates, long nanoTime);
  }

  /** Called for every accepted send (not 429) that names a chat. */
  interface ReplyListener {
    void replied(String method, long chatId, long nanoTime);
  }

  static final String TOKEN = "123456:bench-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final LinkedBlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
  private final AtomicLong nextUpdateId = new AtomicLong(1);
  private final AtomicLong nextMessageId = new AtomicLong(1_000_000);
  private final AtomicLong sends = new AtomicLong();
  private final AtomicLong tooMany = new AtomicLong();
  private final int maxSendsPerSecond;
  private final ArrayDeque<Long> window = new ArrayDeque<>();
  private volatile HandoutListener handouts = (u, t) -> {};
  private volatile ReplyListener replies = (m, c, t) -> {};

  /** @param maxSendsPerSecond 0 for no limit */
  FakeBotApi(int maxSendsPerSecond) throws IOException {
    // Without TCP_NODELAY small answers wait for the client's delayed ACK (~40 ms) and the
    // latency figures would measure Nagle, not the bot.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.maxSendsPerSecond = maxSendsPerSecond;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  void onHandout(HandoutListener l) {
    handouts = l;
  }

  void onReply(ReplyListener l) {
    replies = l;
  }

  /** Queues an update for the next getUpdates; sets its {@code update_id}. */
  void offer(ObjectNode update) {
    update.put("update_id", nextUpdateId.getAndIncrement());
    queue.add(update);
  }

  long sends() {
    return sends.get();
  }

  long tooManyRequests() {
    return tooMany.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      if (!path.startsWith("/bot" + TOKEN + "/")) {
        write(ex, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
        return;
      }
      switch (method) {
        case "getupdates" -> getUpdates(ex, body);
        case "getme" -> ok(ex, JSON.createObjectNode().put("id", 123456).put("is_bot", true)
            .put("first_name", "BizCash Bench").put("username", "bizcash_bench_bot"));
        case "sendmessage", "editmessagetext" -> send(ex, method, body, true);
        default -> send(ex, method, body, false);
      }
    } catch (Exception e) {
      // The benchmark notices missing replies; a stack trace here would only add noise.
      System.err.println("stand-in Bot API: " + e);
    }
  }

  private void getUpdates(HttpExchange ex, JsonNode body) throws Exception {
    int limit = body.path("limit").asInt(100);
    long waitMillis = Math.min(1_000, body.path("timeout").asLong(0) * 1_000);
    List<JsonNode> out = new ArrayList<>();
    JsonNode first = waitMillis > 0 ? queue.poll(waitMillis, TimeUnit.MILLISECONDS) : queue.poll();
    if (first != null) {
      out.add(first);
      queue.drainTo(out, limit - 1);
    }
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    answer.putArray("result").addAll(out);
    byte[] bytes = JSON.writeValueAsBytes(answer);
    handouts.handedOut(out, System.nanoTime());
    write(ex, 200, bytes);
  }

  private void send(HttpExchange ex, String method, JsonNode body, boolean returnsMessage) throws IOException {
    boolean counts = !method.equals("setmycommands") && !method.equals("deletewebhook");
    if (counts && !admit()) {
      tooMany.incrementAndGet();
      write(ex, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
          + "\"parameters\":{\"retry_after\":1}}");
      return;
    }
    long chatId = body.path("chat_id").asLong(0);
    if (chatId != 0) {
      replies.replied(method, chatId, System.nanoTime());
    }
    if (!returnsMessage) {
      write(ex, 200, "{\"ok\":true,\"result\":true}");
      return;
    }
    ObjectNode message = JSON.createObjectNode()
        .put("message_id", body.has("message_id") ? body.get("message_id").asLong() : nextMessageId.getAndIncrement())
        .put("date", System.currentTimeMillis() / 1000)
        .put("text", body.path("text").asText(""));
    message.putObject("chat").put("id", chatId).put("type", "private");
    message.putObject("from").put("id", 123456).put("is_bot", true).put("first_name", "BizCash Bench");
    ok(ex, message);
  }

  /** Sliding one-second window over accepted sends, as Telegram's limit is described. */
  private boolean admit() {
    sends.incrementAndGet();
    if (maxSendsPerSecond <= 0) {
      return true;
    }
    long now = System.nanoTime();
    synchronized (window) {
      while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
        window.pollFirst();
      }
      if (window.size() >= maxSendsPerSecond) {
        return false;
      }
      window.addLast(now);
      return true;
    }
  }

  private static void ok(HttpExchange ex, JsonNode result) throws IOException {
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    answer.set("result", result);
    write(ex, 200, JSON.writeValueAsBytes(answer));
  }

  private static void write(HttpExchange ex, int status, String json) throws IOException {
    write(ex, status, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(HttpExchange ex, int status, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
