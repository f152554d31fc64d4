package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user who forges callback data — another user's pending action, order reference or bank account
 * id, or random and mutated data — changes nothing and always gets an answer; nothing escapes the
 * pipeline as an "unexpected error". Seeded; replay with {@code -Dfuzz.seed=…}.
 */
class ForgedCallbacksTest {
  static final int FUZZ_CASES = Integer.getInteger("fuzz.callbacks", 200);
  static final MoneyRules RULES = MoneyRules.defaults()
      .withAbuse(new AbuseLimits(10_000, Duration.ofSeconds(10), 3, Money.rupiah(10_000_000)));

  @RegisterExtension static final BotHarness bot = new BotHarness(RULES);
  static final FakeTelegram telegram = bot.telegram;
  static final Database db = bot.db;

  @Test
  void another_users_actions_orders_and_bank_accounts_cannot_be_used_through_forged_callback_data() {
    Person vic = registered(81_001, "victim", 200_000);
    Person mal = registered(81_002, "mallory", 0);
    long vicId = userId(vic);
    vic.send("/transfer @mallory 50000 hutang");
    Call confirm = vic.expect("Periksa dulu");
    String action = confirm.button("Konfirmasi");
    TopUpOrder order = new TopUpOrders(db.jdbi(), new Ledger(db.jdbi(), RULES.ledgerLimits()), RULES, Clock.systemUTC())
        .create(vicId, Money.rupiah(100_000)) instanceof TopUpOrders.CreateResult.Created c ? c.order() : null;
    long bankId = ((BankAccounts.AddResult.Added) new BankAccounts(db.jdbi()).add(vicId, "BCA", "9876543210", "Victim"))
        .account().id();
    int transfersBefore = count("SELECT count(*) FROM transfers");

    List<String> forged = List.of(action, action.replace("pa:ok:", "pa:no:"), "tu:cx:" + order.reference(),
        "tu:st:" + order.reference(), "set:rm:" + bankId, "wd:acc:" + bankId, "tr:to:" + userId(mal));
    for (String data : forged) {
      int update = mal.press(data, confirm.body().path("_message_id").asInt());
      Call answer = mal.expectAnswer(update);
      assertFalse(answer.body().toString().contains(order.total().plain()), data + " leaked the order: " + answer.body());
    }
    QuietPoint.of().polling(telegram, bot.app, 0).await(); // every forged press handled and answered in full
    assertEquals(transfersBefore, count("SELECT count(*) FROM transfers"));
    assertEquals("open", one("SELECT status FROM topup_orders WHERE reference = '" + order.reference() + "'"));
    assertEquals(1, count("SELECT count(*) FROM bank_accounts WHERE id = " + bankId + " AND removed_at IS NULL"));
    assertEquals(0, count("SELECT count(*) FROM withdrawals"));
    assertTrue(mal.mine().stream().noneMatch(c -> c.text().contains("9876543210")), "the victim's account number leaked");
    // The victim's own button still works for the victim: the forgery did not consume it.
    vic.press(confirm, "Konfirmasi");
    vic.expect("Buat PIN 6 angka");
    assertNoApology(vic, mal);
  }

  @Test
  void random_and_mutated_callback_data_never_escapes_the_pipeline_and_never_moves_money() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    Person fuzzer = registered(82_001, "fuzzer", 300_000);
    registered(82_002, "target", 0);
    fuzzer.send("/transfer @target 20000 x");
    Call confirm = fuzzer.expect("Periksa dulu");
    List<String> corpus = new ArrayList<>(List.of(confirm.button("Konfirmasi"), "tu:amt:50000", "tu:st:TOP-AAAAAA",
        "tu:cx:TOP-AAAAAA", "hi:0", "hi:10", "lang:id", "lang:en", "set:acc", "set:pin", "set:lang", "set:add",
        "set:add:w", "set:rm:1", "set:bank:014", "wd:acc:1", "tr:to:1", "pa:no:1"));
    String[] tokens = {":", "::", "-1", "0", "999999999999999999999", "%00", "\u0000", "💸", "'", "\"", "null", "pa", "ok", "TOP-", " "};
    int transfersBefore = count("SELECT count(*) FROM transfers");
    for (int i = 0; i < FUZZ_CASES; i++) {
      StringBuilder data = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
      for (int m = random.nextInt(3); m > 0 && data.length() > 0; m--) {
        int at = random.nextInt(data.length());
        switch (random.nextInt(4)) {
          case 0 -> data.insert(at, tokens[random.nextInt(tokens.length)]);
          case 1 -> data.delete(at, Math.min(data.length(), at + 1 + random.nextInt(4)));
          case 2 -> data.setCharAt(at, (char) (33 + random.nextInt(94)));
          default -> data.setLength(at);
        }
      }
      String d = data.length() > 64 ? data.substring(0, 64) : data.toString();
      int update = fuzzer.press(d.isEmpty() ? "x" : d, random.nextBoolean() ? confirm.body().path("_message_id").asInt() : random.nextInt(1_000_000));
      fuzzer.expectAnswer(update);
    }
    QuietPoint.of().polling(telegram, bot.app, 0).await();
    assertEquals(transfersBefore, count("SELECT count(*) FROM transfers"), "seed " + seed);
    assertNoApology(fuzzer);
    System.out.printf("ForgedCallbacksTest: %d fuzzed callbacks, seed %d%n", FUZZ_CASES, seed);
  }

  private static void assertNoApology(Person... people) {
    for (Person p : people) {
      assertTrue(p.mine().stream().noneMatch(c -> c.text().contains("ada gangguan") || c.text().contains("went wrong")),
          "an update escaped the pipeline in chat " + p.id);
    }
  }

  private static Person registered(long telegramId, String username, long funds) {
    Person p = telegram.registered(telegramId, username, "Name " + username, "id");
    if (funds > 0) {
      new Ledger(db.jdbi(), RULES.ledgerLimits()).execute(new TransferRequest.TopUpCredit(
          "fund-" + telegramId, userId(p), Money.rupiah(funds), Money.ZERO, "TOP-FUND"));
    }
    return p;
  }

  private static long userId(Person p) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM users WHERE telegram_id = :t").bind("t", p.id).mapTo(Long.class).one());
  }

  private static int count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  private static String one(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }
}
