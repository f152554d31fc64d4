package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.FakeTelegram.Upload;
import id.bizpro.bizcash.telegram.WalletMoves;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /statement end to end: buttons, typed dates, and the uploaded file read back. */
class StatementFlowTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();
  static final WalletMoves moves = new WalletMoves(bot);

  private static LocalDate today() {
    return LocalDate.now(WalletActivity.WIB);
  }

  /** Runs the flow with buttons and returns the sendDocument request. */
  private static Call statement(Person p, String periodButton, String formatButton, String askFormat, String preparing) {
    p.send("/statement");
    Call periods = p.expect("🧾");
    p.press(periods, periodButton);
    Call formats = p.expect(askFormat);
    p.press(formats, formatButton);
    p.expect(preparing);
    return p.expectMethod("senddocument");
  }

  /** Two users who moved money this month: top-up, transfers both ways with notes, a withdrawal. */
  private static Person[] activePair(String a, String b, String language) {
    Person first = bot.registered(a, language);
    Person second = bot.registered(b, language);
    bot.fund(first, 500_000);
    bot.fund(second, 100_000);
    moves.transfer(first, second, 125_000, "bayar desain logo");
    moves.transfer(second, first, 40_000, "kembalian ongkir");
    moves.withdraw(first, "1234567890", 100_000);
    return new Person[] {first, second};
  }

  @Test
  void this_month_as_pdf_in_indonesian_adds_up_to_the_ledger_with_notes_and_counterparties() throws IOException {
    Person[] pair = activePair("sari", "tono", "id");
    Person sari = pair[0];
    Call doc = statement(sari, "Bulan ini", "PDF", "Mau format apa?", "sedang dibuat");
    Upload file = doc.upload("document");
    assertTrue(file.fileName().startsWith("mutasi-bizcash-sari-" + java.time.YearMonth.from(today())), file.fileName());
    assertEquals(StatementFileName.of(StatementLanguage.ID, "sari", "Namesari", today().withDayOfMonth(1), today(),
        StatementFormat.PDF), file.fileName());
    long balance = bot.balance(sari);
    String caption = doc.body().path("caption").asText();
    assertTrue(caption.contains("Saldo awal: Rp 0") && caption.contains("Masuk: Rp 540.000")
        && caption.contains("Keluar: Rp 233.000") && caption.contains("Saldo akhir: <b>" + Money.rupiah(balance).format() + "</b>"),
        caption);
    assertEquals(0 + 540_000 - 233_000, balance);
    bot.telegram.await(c -> c.method().equals("sendchataction") && c.chatId() == sari.id
        && c.body().path("action").asText().equals("upload_document"), "an upload action");

    String text = pdfText(file.bytes());
    assertTrue(text.contains("Saldo awal") && text.contains("Rp 540.000") && text.contains("Rp 233.000"), text);
    assertTrue(text.contains(Money.rupiah(balance).format()), text);
    assertTrue(text.contains("@tono") && text.contains("bayar desain logo") && text.contains("kembalian ongkir"), text);
    // The withdrawal names the bank account masked, never in full.
    assertTrue(text.contains("BCA ••••7890"), text);
    assertFalse(text.contains("1234567890") || text.contains("567890"), text);
    keepForLooking(file);
  }

  @Test
  void this_month_as_excel_in_english_has_numeric_totals_that_match_the_ledger() throws IOException {
    Person[] pair = activePair("tom", "uma", "en");
    Person tom = pair[0];
    Call doc = statement(tom, "This month", "Excel", "Which format?", "Making your statement");
    Upload file = doc.upload("document");
    assertTrue(file.fileName().startsWith("bizcash-statement-tom-" + java.time.YearMonth.from(today())), file.fileName());
    assertEquals(StatementFileName.of(StatementLanguage.EN, "tom", "Nametom", today().withDayOfMonth(1), today(),
        StatementFormat.XLSX), file.fileName());
    assertTrue(doc.body().path("caption").asText().contains("Closing balance: <b>" + Money.rupiah(bot.balance(tom)).format()),
        doc.body().path("caption").asText());
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(file.bytes()))) {
      Sheet sheet = book.getSheetAt(0);
      assertEquals("Opening balance", sheet.getRow(5).getCell(0).getStringCellValue());
      double opening = sheet.getRow(5).getCell(1).getNumericCellValue();
      double in = sheet.getRow(6).getCell(1).getNumericCellValue();
      double out = sheet.getRow(7).getCell(1).getNumericCellValue();
      double closing = sheet.getRow(8).getCell(1).getNumericCellValue();
      assertEquals(closing, opening + in - out);
      assertEquals(bot.balance(tom), (long) closing);
      Row heading = sheet.getRow(XlsxStatementWriter.HEADING_ROW);
      assertEquals("Type", heading.getCell(XlsxStatementWriter.COL_TYPE).getStringCellValue());
      assertEquals("Counterparty", heading.getCell(XlsxStatementWriter.COL_COUNTERPARTY).getStringCellValue());
      assertEquals("Note", heading.getCell(XlsxStatementWriter.COL_NOTE).getStringCellValue());
      List<String> descriptions = new ArrayList<>();
      for (Row row : sheet) {
        if (row.getRowNum() > 10 && (numeric(row, XlsxStatementWriter.COL_IN) || numeric(row, XlsxStatementWriter.COL_OUT))) {
          descriptions.add(text(row, XlsxStatementWriter.COL_TYPE) + " | " + text(row, XlsxStatementWriter.COL_COUNTERPARTY)
              + " | " + text(row, XlsxStatementWriter.COL_NOTE));
        }
      }
      String all = String.join("\n", descriptions);
      // top-up (no fee: funded directly), out to @uma, in from @uma, the withdrawal and its fee
      assertEquals(5, descriptions.size(), all);
      assertTrue(all.contains("Transfer out | @uma | bayar desain logo"), all);
      assertTrue(all.contains("Transfer in | @uma | kembalian ongkir"), all);
      assertTrue(all.contains("Withdrawal | BCA ••••7890 | waiting for payout\nWithdrawal fee |  | ") && !all.contains("567890"),
          "the bank account masked, the fee a line of its own: " + all);
    }
  }

  private static boolean numeric(Row row, int column) {
    return row.getCell(column) != null && row.getCell(column).getCellType() == CellType.NUMERIC;
  }

  private static String text(Row row, int column) {
    return row.getCell(column) == null ? "" : row.getCell(column).getStringCellValue();
  }

  @Test
  void last_month_without_entries_still_gets_a_whole_month_file_that_says_so() throws IOException {
    Person vina = bot.registered("vina", "id");
    Call doc = statement(vina, "Bulan lalu", "PDF", "Mau format apa?", "sedang dibuat");
    LocalDate lastMonth = today().minusMonths(1);
    assertEquals("mutasi-bizcash-vina-" + java.time.YearMonth.from(lastMonth) + ".pdf", doc.upload("document").fileName());
    assertTrue(doc.body().path("caption").asText().contains("Tidak ada transaksi di periode ini"), doc.body().toString());
    assertTrue(pdfText(doc.upload("document").bytes()).contains("Tidak ada transaksi pada periode ini"));
  }

  @Test
  void typed_dates_are_refused_each_with_its_reason_and_nothing_is_sent() {
    Person wawan = bot.registered("wawan", "id");
    wawan.send("/statement");
    Call periods = wawan.expect("🧾");
    wawan.press(periods, "Tanggal lain");
    wawan.expect("Ketik tanggal awal dan akhir");
    wawan.send("november kemarin");
    wawan.expect("tidak bisa membaca dua tanggal");
    wawan.send("31/2/2026 - 1/3/2026");
    wawan.expect("Tanggal 31/2/2026 tidak ada di kalender");
    wawan.send("26/11/2025 - 1/11/2025");
    wawan.expect("Tanggal akhir lebih awal");
    LocalDate tomorrow = today().plusDays(1);
    wawan.send("1/1/2026 - " + tomorrow.getDayOfMonth() + "/" + tomorrow.getMonthValue() + "/" + tomorrow.getYear());
    wawan.expect("tidak boleh lewat hari ini");
    wawan.send("1/1/2024 - 2/1/2025");
    wawan.expect("paling panjang 366 hari, yang kamu ketik 368 hari");
    wawan.send("01-11-2025 s.d. 26-11-2025");
    wawan.expect("Mutasi 1 Nov 2025 – 26 Nov 2025. Mau format apa?");
    wawan.send("/cancel");
    wawan.expect("dibatalkan");
    wawan.send("/statement");
    wawan.expect("🧾");
    wawan.send("/cancel");
    wawan.expect("dibatalkan");
    bot.awaitQuiet();
    assertTrue(wawan.mine().stream().noneMatch(c -> c.method().equals("senddocument")), "no file was sent");
  }

  @Test
  void an_old_format_button_after_cancel_orders_nothing() {
    Person xena = bot.registered("xena", "en");
    xena.send("/statement");
    xena.press(xena.expect("🧾"), "Last 30 days");
    Call formats = xena.expect("Which format?");
    xena.send("/cancel");
    xena.expect("cancelled");
    int press = xena.press(formats, "PDF");
    assertTrue(xena.expectAnswer(press).body().path("text").asText().contains("expired"));
    bot.awaitQuiet();
    assertTrue(xena.mine().stream().noneMatch(c -> c.method().equals("senddocument")), "no file was sent");
  }

  private static String pdfText(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  /** With -Dstatement.keep=DIR the PDF is written there, to render and look at (never committed). */
  private static void keepForLooking(Upload file) throws IOException {
    String dir = System.getProperty("statement.keep");
    if (dir != null) {
      Files.write(Path.of(dir, file.fileName()), file.bytes());
    }
  }
}
