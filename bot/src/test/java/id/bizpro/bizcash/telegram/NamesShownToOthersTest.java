package id.bizpro.bizcash.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.app.AppConfig;
import id.bizpro.bizcash.app.Application;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.wiring.LedgerServices;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names that reach another person — search results, confirmation cards, "you received" messages,
 * history, statements, the admin queue — are shown without bidi controls or invisible characters,
 * never with an '@' that is not a username, and as a neutral placeholder when nothing visible is
 * left. Through the whole application (the outbox dispatcher delivers the notifications).
 */
class NamesShownToOthersTest {
  static final long ADMIN = 96_001;
  /** "Budi Santoso" wrapped in a right-to-left override, zero-width and isolate characters. */
  static final String SPOOFED_FIRST = "\u202EBu\u200Bdi\uFEFF";
  static final String SPOOFED_LAST = "San\u2066to\u2069so\u200F";
  static final AtomicLong ids = new AtomicLong(96_100);

  static FakeTelegram telegram;
  static Application app;
  static LedgerServices services;

  @BeforeAll
  static void start() throws Exception {
    telegram = new FakeTelegram();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN);
    env.put("TELEGRAM_API_URL", telegram.apiUrl().toString());
    env.put("DATABASE_URL", TestDatabase.freshUrl().jdbcUrl() + "?user=postgres");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("BIZPRO_BANK_ACCOUNTS", "BCA:8830012345:PT BizPro Indonesia");
    env.put("ADMIN_TELEGRAM_IDS", String.valueOf(ADMIN));
    app = Application.start(AppConfig.fromEnv(new Env(env)), true);
    services = app.services();
  }

  @AfterAll
  static void stop() {
    app.close();
    telegram.close();
  }

  /** Someone who sent /start with these Telegram names ({@code username} and {@code last} may be null). */
  private static Person person(long telegramId, String username, String first, String last, String language) {
    Person p = telegram.person(telegramId, username, first, language);
    if (last != null) {
      p.from.put("last_name", last);
    }
    p.send("/start");
    p.expect(language.equals("en") ? "welcome" : "selamat datang");
    return p;
  }

  private static long userId(Person p) {
    return services.users().byTelegramId(p.id).orElseThrow().id();
  }

  /**
   * Puts Telegram's raw names back into the database, as rows registered before names were cleaned
   * at registration hold them: what others see must be cleaned on the way out as well.
   */
  private static void storeRawNames(Person p, String first, String last) {
    app.database().jdbi().useHandle(h -> h.createUpdate("UPDATE users SET first_name = :f, last_name = :l WHERE telegram_id = :t")
        .bind("f", first).bind("l", last).bind("t", p.id).execute());
  }

  private static void fund(Person p, long rupiah) {
    services.ledger().execute(new TransferRequest.TopUpCredit("fund-" + UUID.randomUUID(), userId(p), Money.rupiah(rupiah),
        Money.ZERO, "TOP-FUND"));
  }

  private static void transfer(Person from, Person to, long rupiah, String note) {
    LedgerResult r = services.p2p().send("t-" + UUID.randomUUID(), userId(from), userId(to), Money.rupiah(rupiah),
        Optional.ofNullable(note));
    assertTrue(r.succeeded(), r.toString());
  }

  private static void assertNoHiddenCharacters(String text) {
    assertTrue(text.codePoints().noneMatch(cp -> Character.getType(cp) == Character.FORMAT || cp == 0x3164),
        "bidi controls or invisible characters in: " + text);
  }

  /** They allowed being found by name (Settings), as a name search only finds such people. */
  private static void findableByName(Person... people) {
    for (Person p : people) {
      app.database().jdbi().useHandle(h -> h.execute("UPDATE users SET findable_by_name = true WHERE telegram_id = ?", p.id));
    }
  }

  private static Call statement(Person p, String thisMonth, String format, String askFormat) {
    p.send("/statement");
    p.press(p.expect("🧾"), thisMonth);
    p.press(p.expect(askFormat), format);
    return p.expectMethod("senddocument");
  }

  @Test
  void names_reach_an_indonesian_user_and_the_admin_cleaned_without_false_at_signs_or_blanks() throws IOException {
    Person rina = person(ids.incrementAndGet(), "rina", "Rina", null, "id");
    Person budi = person(ids.incrementAndGet(), null, SPOOFED_FIRST, SPOOFED_LAST, "id");
    Person fake = person(ids.incrementAndGet(), null, "@rina_cs", null, "id"); // poses as a username
    Person blank = person(ids.incrementAndGet(), null, "\u3164\u200B", null, "id"); // nothing visible
    findableByName(budi, fake, blank);

    rina.send("/transfer");
    rina.expect("Kirim ke siapa?");
    rina.send("budi");
    assertEquals(List.of("Budi Santoso"), rina.expect("Pilih penerima").buttonLabels());
    rina.send("rina_cs");
    assertEquals(List.of("rina_cs"), rina.expect("Pilih penerima").buttonLabels());
    rina.send("/cancel");
    rina.expect("dibatalkan");

    storeRawNames(budi, SPOOFED_FIRST, SPOOFED_LAST);
    storeRawNames(blank, "\u3164\u200B", null);
    fund(budi, 100_000);
    fund(fake, 100_000);
    fund(blank, 100_000);
    transfer(budi, rina, 25_000, "makan siang");
    transfer(fake, rina, 10_000, null);
    transfer(blank, rina, 5_000, null);
    assertTrue(rina.expect("Rp 25.000").text().startsWith("💸 Kamu menerima <b>Rp 25.000</b> dari Budi Santoso\n"));
    assertTrue(rina.expect("Rp 10.000").text().startsWith("💸 Kamu menerima <b>Rp 10.000</b> dari rina_cs\n"));
    assertTrue(rina.expect("Rp 5.000").text().startsWith("💸 Kamu menerima <b>Rp 5.000</b> dari Pengguna BizCash\n"));

    rina.send("/history");
    String page = rina.expect("Riwayat").text();
    assertTrue(page.contains("Transfer dari Budi Santoso\nBerita: makan siang") && page.contains("Transfer dari rina_cs\n")
        && page.contains("Transfer dari Pengguna BizCash\n"), page);
    assertFalse(page.contains("@rina_cs"), page);
    assertNoHiddenCharacters(page);

    Call pdf = statement(rina, "Bulan ini", "PDF", "Mau format apa?");
    String text;
    try (PDDocument doc = Loader.loadPDF(pdf.upload("document").bytes())) {
      text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
    assertTrue(text.contains("Transfer dari Budi Santoso") && text.contains("Transfer dari rina_cs")
        && text.contains("Transfer dari Pengguna BizCash"), text);
    assertFalse(text.contains("@rina_cs") || text.contains("?"), text);

    // The admin who pays Budi out sees the same clean name.
    var account = (BankAccounts.AddResult.Added) services.bankAccounts().add(userId(budi), "014", "1234567890", "Budi Santoso");
    var requested = (Withdrawals.RequestResult.Requested)
        services.withdrawals().request("wd-" + UUID.randomUUID(), userId(budi), account.account().id(), Money.rupiah(50_000));
    Withdrawal w = requested.withdrawal();
    Person admin = person(ADMIN, "finance", "Finance", null, "id");
    admin.send("/admin");
    admin.press(admin.expect("Panel admin"), "Antrean penarikan");
    Call item = admin.expect(w.reference());
    assertTrue(item.text().contains("Budi Santoso · " + budi.id), item.text());
    assertNoHiddenCharacters(item.text());
  }

  @Test
  void names_reach_an_english_user_cleaned_in_search_confirmation_notification_and_excel() throws IOException {
    Person sam = person(ids.incrementAndGet(), "sam", "Sam", null, "en");
    String mayaRaw = "\u2067Ma\u200Cya\u2069\u200D";
    Person maya = person(ids.incrementAndGet(), null, mayaRaw, null, "en");
    fund(sam, 100_000);
    findableByName(maya);

    sam.send("/transfer");
    sam.expect("Who should receive it?");
    sam.send("maya");
    Call pick = sam.expect("Pick the recipient");
    assertEquals(List.of("Maya"), pick.buttonLabels());
    sam.press(pick, "Maya");
    sam.expect("How much do you want to send to Maya?");
    sam.send("10000");
    sam.expect("Add a note");
    sam.send("rent");
    Call confirm = sam.expect("Please check");
    assertTrue(confirm.text().contains("To: Maya\n"), confirm.text());
    sam.send("/cancel");
    sam.expect("cancelled");

    storeRawNames(maya, mayaRaw, null);
    fund(maya, 50_000);
    transfer(maya, sam, 20_000, "refund");
    transfer(sam, maya, 7_000, "coffee");
    assertTrue(sam.expect("You received").text().startsWith("💸 You received <b>Rp 20.000</b> from Maya\n"));

    Call xlsx = statement(sam, "This month", "Excel", "Which format?");
    List<String> descriptions = new ArrayList<>();
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.upload("document").bytes()))) {
      for (Row row : book.getSheetAt(0)) {
        if (row.getRowNum() > 10 && row.getCell(2) != null) {
          descriptions.add(row.getCell(2).getStringCellValue());
        }
      }
    }
    assertTrue(descriptions.contains("Transfer from Maya · Note: refund")
        && descriptions.contains("Transfer to Maya · Note: coffee"), descriptions.toString());
    descriptions.forEach(NamesShownToOthersTest::assertNoHiddenCharacters);
  }
}
