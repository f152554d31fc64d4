package id.bizpro.bizcash.webhook.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import id.bizpro.bizcash.webhook.midtrans.MidtransRoute;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated bodies, each correctly signed so that it passes the signature check
 * and reaches the JSON handling, against every payment webhook. For every request: never a 5xx,
 * and a refused request (4xx) leaves every balance and the transfer count exactly as they were.
 * At the end the ledger reconciles and no order or withdrawal was settled twice. The seed is
 * printed on failure, so a failing case can be replayed with {@code -Dfuzz.seed=…}.
 *
 * <p>A seeded fuzzer rather than jqwik: jqwik 1.9 is built for JUnit Platform 1.x, and this build
 * runs JUnit Platform 6; plain JUnit keeps the test on the platform the rest of the suite uses.
 */
class WebhookFuzzTest {
  static final int CASES_PER_ROUTE = Integer.getInteger("fuzz.cases", 300);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TOKENS = {
    "null", "-1", "0", "1e309", "-0.0", "1.5", "\"\"", "\"x\"", "[]", "{}", "true", "99999999999999999999999",
    "\"\\u0000\"", "\"' OR 1=1 --\"", "\"TOP-AAAAAA\"", "\"WD-AAAAAA\"", "\"paid\"", "\"failed\"", "\"settlement\"",
    "\"capture\"", "\"200\"", "\"１２３\"", "\"💸\"", "[[[[[[[[[[]]]]]]]]]]", "\"" + "A".repeat(5000) + "\""};

  // Every malformed case must reach the code that stores it, not the refusal limit's 429.
  private final WebhookTestKit kit = new WebhookTestKit(WebhookTestKit.settings().withRefusalsPerMinute(100_000));
  private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
  private final Random random = new Random(seed);
  private final List<TopUpOrder> orders = new ArrayList<>();
  private final List<Withdrawal> withdrawals = new ArrayList<>();
  private int cases;
  private final Map<String, Map<Integer, Integer>> statuses = new HashMap<>();

  @AfterEach
  void tearDown() {
    kit.assertLedgerReconciles();
    assertEquals(0, count("SELECT count(*) FROM (SELECT reference FROM transfers WHERE kind = 'topup_credit' "
        + "AND reference <> 'TOP-FUND' GROUP BY reference HAVING count(*) > 1) twice"), "an order credited twice, seed " + seed);
    System.out.printf("WebhookFuzzTest: %d cases, seed %d, answers %s%n", cases, seed, statuses);
    kit.close();
  }

  private void setUp() {
    User alice = kit.user("alice");
    User bob = kit.user("bob");
    for (int i = 0; i < 3; i++) {
      orders.add(kit.order(alice, 50_000 + i * 1_000));
      orders.add(kit.order(bob, 70_000 + i * 1_000));
    }
    withdrawals.add(kit.withdrawal(alice, 200_000, 50_000));
    withdrawals.add(kit.withdrawal(bob, 200_000, 60_000));
  }

  @Test
  void random_and_mutated_signed_bodies_never_get_a_5xx_and_refusals_never_move_money() {
    setUp();
    JavalinTest.test(kit.app, (server, client) -> {
      String origin = client.getOrigin();
      fuzz(origin, "/webhooks/payments", this::paymentBody,
          body -> new String[] {"X-BizCash-Signature", WebhookTestKit.sign(body)});
      fuzz(origin, "/webhooks/payouts", this::payoutBody,
          body -> new String[] {"X-BizCash-Signature", WebhookTestKit.sign(body)});
      fuzz(origin, "/webhooks/moota", this::mootaBody,
          body -> new String[] {"Signature",
              Signatures.hmacSha256Hex(WebhookTestKit.MOOTA_SECRET, body.getBytes(StandardCharsets.UTF_8))});
      // Midtrans signs inside the body: structural cases carry a correct signature_key.
      fuzz(origin, "/webhooks/midtrans", this::midtransBody, body -> new String[0]);
    });
    // The cases must reach the handlers, or "never a 5xx, refusals move nothing" holds vacuously
    // (a signing mistake would make every case a 401). Each route accepted some cases and refused
    // some as bad data; the routes signed over the raw body never answered 401, since every case
    // carries a correct signature.
    for (String route : List.of("/webhooks/payments", "/webhooks/payouts", "/webhooks/moota", "/webhooks/midtrans")) {
      Map<Integer, Integer> s = statuses.getOrDefault(route, Map.of());
      String where = route + " answered " + s + ", seed " + seed;
      assertTrue(s.keySet().stream().anyMatch(code -> code / 100 == 2), "nothing accepted: " + where);
      assertTrue(s.keySet().stream().anyMatch(code -> code == 400 || code == 422), "nothing refused as bad data: " + where);
      if (!route.equals("/webhooks/midtrans")) {
        assertEquals(0, s.getOrDefault(401, 0), "a correctly signed case refused as unsigned: " + where);
      }
    }
  }

  private void fuzz(String origin, String path, Function<Boolean, String> validShaped, Function<String, String[]> signer) {
    for (int i = 0; i < CASES_PER_ROUTE; i++) {
      String body = switch (random.nextInt(4)) {
        case 0, 1 -> validShaped.apply(true); // well-formed JSON, field values drawn from valid and hostile ones
        case 2 -> mutate(validShaped.apply(false)); // textual mutation of a valid-looking body
        default -> randomJson(0);
      };
      String ledgerBefore = ledgerState();
      HttpResponse<String> r = kit.post(origin, path, body, signer.apply(body));
      cases++;
      statuses.computeIfAbsent(path, k -> new TreeMap<>()).merge(r.statusCode(), 1, Integer::sum);
      String where = path + " seed " + seed + " case " + i + " body " + abbreviate(body) + " -> " + r.statusCode() + " " + r.body();
      assertTrue(r.statusCode() < 500, where);
      if (r.statusCode() >= 400) {
        assertEquals(ledgerBefore, ledgerState(), "a refused request moved money: " + where);
      }
    }
  }

  private String paymentBody(boolean structural) {
    TopUpOrder o = orders.get(random.nextInt(orders.size()));
    ObjectNode n = JSON.createObjectNode();
    n.put("event_id", "evt-" + random.nextInt(50));
    n.put("order_id", o.reference());
    n.put("amount", o.total().rupiah());
    n.put("status", "paid");
    n.put("reference", "BANK-" + random.nextInt(1000));
    n.put("paid_at", "2026-11-26T07:33:01Z");
    return structural ? hostileFields(n) : n.toString();
  }

  private String payoutBody(boolean structural) {
    Withdrawal w = withdrawals.get(random.nextInt(withdrawals.size()));
    ObjectNode n = JSON.createObjectNode();
    n.put("event_id", "pay-" + random.nextInt(50));
    n.put("withdrawal_id", w.reference());
    n.put("status", random.nextBoolean() ? "paid" : "failed");
    n.put("reference", "TRF-" + random.nextInt(1000));
    n.put("reason", "rekening tidak aktif");
    return structural ? hostileFields(n) : n.toString();
  }

  private String mootaBody(boolean structural) {
    TopUpOrder o = orders.get(random.nextInt(orders.size()));
    ObjectNode n = JSON.createObjectNode();
    n.put("mutation_id", "mut-" + random.nextInt(50));
    n.put("amount", o.total().rupiah() + (random.nextInt(3) - 1));
    n.put("type", random.nextBoolean() ? "CR" : "DB");
    n.put("description", "TRSF E-BANKING CR");
    n.put("note", "");
    n.put("date", "2026-11-26 14:33:01");
    n.put("account_number", "8830012345");
    String item = structural ? hostileFields(n) : n.toString();
    return random.nextInt(5) == 0 ? item : "[" + item + "]";
  }

  private String midtransBody(boolean structural) {
    TopUpOrder o = orders.get(random.nextInt(orders.size()));
    ObjectNode n = JSON.createObjectNode();
    String[] statuses = {"settlement", "capture", "pending", "expire", "cancel", "deny", "refund", "x"};
    n.put("transaction_status", statuses[random.nextInt(statuses.length)]);
    n.put("status_code", random.nextBoolean() ? "200" : "201");
    n.put("order_id", o.reference());
    n.put("gross_amount", (o.total().rupiah() + (random.nextInt(3) - 1)) + ".00");
    n.put("fraud_status", random.nextBoolean() ? "accept" : "deny");
    n.put("currency", "IDR");
    String body = structural ? hostileFields(n) : n.toString();
    try {
      ObjectNode parsed = (ObjectNode) JSON.readTree(body);
      parsed.put("signature_key", MidtransRoute.signature(parsed.path("order_id").asText(),
          parsed.path("status_code").asText(), parsed.path("gross_amount").asText(), WebhookTestKit.MIDTRANS_KEY));
      return parsed.toString();
    } catch (Exception e) {
      return body;
    }
  }

  /** Replaces some field values with hostile tokens, drops or adds fields; stays valid JSON. */
  private String hostileFields(ObjectNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      int dice = random.nextInt(10);
      if (dice == 0) {
        n.remove(name);
      } else if (dice <= 2) {
        try {
          n.set(name, JSON.readTree(TOKENS[random.nextInt(TOKENS.length)]));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    if (random.nextInt(5) == 0) {
      n.put("extra_" + random.nextInt(100), random.nextLong());
    }
    return n.toString();
  }

  private String mutate(String body) {
    StringBuilder s = new StringBuilder(body);
    int rounds = 1 + random.nextInt(4);
    for (int i = 0; i < rounds && s.length() > 0; i++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(6)) {
        case 0 -> s.setCharAt(at, (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0xD7FF)));
        case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(10)));
        case 2 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 3 -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(20))));
        case 4 -> s.setLength(at);
        default -> s.insert(at, "{\"a\":".repeat(random.nextInt(2000)));
      }
    }
    if (random.nextInt(40) == 0) {
      s.append(" ".repeat(70 * 1024)); // past the 64 KiB limit: 413 before parsing
    }
    return s.toString();
  }

  private String randomJson(int depth) {
    int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
    return switch (kind) {
      case 0 -> TOKENS[random.nextInt(TOKENS.length)];
      case 1 -> Long.toString(random.nextLong());
      case 2 -> "\"" + randomText() + "\"";
      case 3 -> random.nextBoolean() ? "true" : "null";
      case 4 -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(randomJson(depth + 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
      default -> {
        List<String> fields = new ArrayList<>();
        String[] names = {"event_id", "order_id", "amount", "status", "withdrawal_id", "mutation_id", "type",
            "gross_amount", "transaction_status", "signature_key", randomText()};
        for (int i = random.nextInt(6); i > 0; i--) {
          fields.add("\"" + names[random.nextInt(names.length)] + "\":" + randomJson(depth + 1));
        }
        yield "{" + String.join(",", fields) + "}";
      }
    };
  }

  private String randomText() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      char c = (char) (32 + random.nextInt(95));
      s.append(c == '"' || c == '\\' ? 'q' : c);
    }
    return s.toString();
  }

  private String ledgerState() {
    return kit.f.db.jdbi().withHandle(h -> h.createQuery(
            "SELECT (SELECT count(*) FROM transfers) || '|' || string_agg(id || ':' || balance, ',' ORDER BY id) FROM accounts")
        .mapTo(String.class).one());
  }

  private int count(String sql) {
    return kit.f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
  }
}
