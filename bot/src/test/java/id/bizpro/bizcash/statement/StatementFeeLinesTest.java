package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.WalletMoves;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fees in the books, in the files an accountant gets: a top-up shows what the user paid (amount,
 * unique code and fee) coming in and the fee going out; a withdrawal its amount and its Rp 8.000
 * fee as two lines under one reference; a failed one both coming back. Totals count those lines,
 * and opening + in − out = closing holds in the PDF and in Excel, in both languages.
 */
class StatementFeeLinesTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();
  static final WalletMoves moves = new WalletMoves(bot);

  /** A top-up of Rp 200.000 (+ code + Rp 6.000 fee), a paid withdrawal of 50.000, a failed one of 60.000. */
  record Story(Person p, TopUpOrder order, Withdrawal paid, Withdrawal failed) {
    long paidIn() {
      return order.total().rupiah();
    }

    /** In: the top-up paid, the failed withdrawal's amount and fee back. */
    long totalIn() {
      return paidIn() + 60_000 + 8_000;
    }

    /** Out: the top-up fee, both withdrawals with their fees. */
    long totalOut() {
      return 6_000 + 50_000 + 8_000 + 60_000 + 8_000;
    }
  }

  static Story story(String username, String language) {
    Person p = bot.registered(username, language);
    TopUpOrder order = moves.topUp(p, 200_000);
    Withdrawal paid = moves.withdraw(p, "1234567890", 50_000);
    moves.pay(paid);
    Withdrawal failed = moves.withdraw(p, "1234567890", 60_000);
    moves.fail(failed);
    return new Story(p, order, paid, failed);
  }

  static Call statement(Person p, boolean english, String format) {
    p.send("/statement");
    p.press(p.expect("🧾"), english ? "This month" : "Bulan ini");
    p.press(p.expect(english ? "Which format?" : "Mau format apa?"), format);
    return p.expectMethod("senddocument");
  }

  @Test
  void excel_in_both_languages_has_fee_rows_of_their_own_and_adds_up() throws IOException {
    for (String language : List.of("en", "id")) {
      boolean en = language.equals("en");
      Story s = story("xl" + language, language);
      Call doc = statement(s.p(), en, "Excel");
      assertEquals(200_000 + s.order().uniqueCode().rupiah() - 58_000, bot.balance(s.p()),
          "the wallet: amount and code credited, the paid withdrawal and its fee gone, the failed one back");
      assertEquals(s.totalIn() - s.totalOut(), bot.balance(s.p()), "opening 0 + in − out = the wallet");
      try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(doc.upload("document").bytes()))) {
        Sheet sheet = book.getSheetAt(0);
        double opening = sheet.getRow(5).getCell(1).getNumericCellValue();
        double in = sheet.getRow(6).getCell(1).getNumericCellValue();
        double out = sheet.getRow(7).getCell(1).getNumericCellValue();
        double closing = sheet.getRow(8).getCell(1).getNumericCellValue();
        assertEquals(0, opening);
        assertEquals(s.totalIn(), (long) in, "in counts what was paid for the top-up");
        assertEquals(s.totalOut(), (long) out, "out counts the top-up fee");
        assertEquals(closing, opening + in - out);
        assertEquals(bot.balance(s.p()), (long) closing);
        List<String> rows = new ArrayList<>();
        double balance = opening;
        double sumIn = 0;
        double sumOut = 0;
        for (Row row : sheet) {
          if (row.getRowNum() <= XlsxStatementWriter.HEADING_ROW || !(numeric(row, XlsxStatementWriter.COL_IN) || numeric(row, XlsxStatementWriter.COL_OUT))) {
            continue;
          }
          double rowIn = numeric(row, XlsxStatementWriter.COL_IN) ? row.getCell(XlsxStatementWriter.COL_IN).getNumericCellValue() : 0;
          double rowOut = numeric(row, XlsxStatementWriter.COL_OUT) ? row.getCell(XlsxStatementWriter.COL_OUT).getNumericCellValue() : 0;
          if (text(row, XlsxStatementWriter.COL_REFERENCE).isEmpty()) {
            continue; // the totals row
          }
          balance += rowIn - rowOut;
          sumIn += rowIn;
          sumOut += rowOut;
          rows.add(text(row, XlsxStatementWriter.COL_REFERENCE) + " | " + text(row, XlsxStatementWriter.COL_TYPE)
              + " | " + (long) rowIn + " | " + (long) rowOut);
        }
        String all = String.join("\n", rows);
        assertEquals(closing, balance, all);
        assertEquals(in, sumIn, all);
        assertEquals(out, sumOut, all);
        String top = s.order().reference();
        String wd1 = s.paid().reference();
        String wd2 = s.failed().reference();
        List<String> expected = en
            ? List.of(top + " | Top-up | " + s.paidIn() + " | 0", top + " | Top-up fee | 0 | 6000",
                wd1 + " | Withdrawal | 0 | 50000", wd1 + " | Withdrawal fee | 0 | 8000",
                wd2 + " | Withdrawal | 0 | 60000", wd2 + " | Withdrawal fee | 0 | 8000",
                wd2 + " | Withdrawal returned | 60000 | 0", wd2 + " | Withdrawal fee returned | 8000 | 0")
            : List.of(top + " | Top up | " + s.paidIn() + " | 0", top + " | Biaya top up | 0 | 6000",
                wd1 + " | Penarikan | 0 | 50000", wd1 + " | Biaya penarikan | 0 | 8000",
                wd2 + " | Penarikan | 0 | 60000", wd2 + " | Biaya penarikan | 0 | 8000",
                wd2 + " | Penarikan dikembalikan | 60000 | 0", wd2 + " | Biaya penarikan dikembalikan | 8000 | 0");
        assertEquals(expected, rows);
        String code = Money.rupiah(s.order().uniqueCode().rupiah()).format();
        String notes = String.join("\n", noteColumn(sheet));
        assertTrue(notes.contains(en ? "Paid: amount Rp 200.000 + unique code " + code + " + fee Rp 6.000"
            : "Dibayar: nominal Rp 200.000 + kode unik " + code + " + biaya Rp 6.000"), notes);
        assertTrue(notes.contains(en ? "failed, money returned" : "gagal, dana dikembalikan") && notes.contains(en ? "paid" : "sudah dibayar"), notes);
      }
    }
  }

  @Test
  void pdf_in_both_languages_has_fee_lines_and_totals_that_add_up() throws IOException {
    for (String language : List.of("id", "en")) {
      boolean en = language.equals("en");
      Story s = story("pdf" + language, language);
      Call doc = statement(s.p(), en, "PDF");
      String caption = doc.body().path("caption").asText();
      String in = Money.rupiah(s.totalIn()).format();
      String out = Money.rupiah(s.totalOut()).format();
      assertTrue(caption.contains((en ? "Money in: " : "Masuk: ") + in) && caption.contains((en ? "Money out: " : "Keluar: ") + out), caption);
      assertEquals(s.totalIn() - s.totalOut(), bot.balance(s.p()), "opening 0 + in − out = the wallet");
      String text;
      try (PDDocument pdf = Loader.loadPDF(doc.upload("document").bytes())) {
        text = new PDFTextStripper().getText(pdf);
      }
      String top = s.order().reference();
      assertTrue(text.contains(in) && text.contains(out) && text.contains(Money.rupiah(bot.balance(s.p())).format()), text);
      assertTrue(text.contains(Money.rupiah(s.paidIn()).format()), "the top-up's paid total: " + text);
      for (String line : en
          ? List.of("Top-up fee " + top, "Withdrawal fee " + s.paid().reference(), "Withdrawal fee " + s.failed().reference() + " returned")
          : List.of("Biaya top up " + top, "Biaya penarikan " + s.paid().reference(), "Biaya penarikan " + s.failed().reference() + " dikembalikan")) {
        assertTrue(text.replace("\n", " ").contains(line), line + " in:\n" + text);
      }
    }
  }

  private static List<String> noteColumn(Sheet sheet) {
    List<String> notes = new ArrayList<>();
    for (Row row : sheet) {
      if (row.getRowNum() > XlsxStatementWriter.HEADING_ROW) {
        notes.add(text(row, XlsxStatementWriter.COL_NOTE));
      }
    }
    return notes;
  }

  private static boolean numeric(Row row, int column) {
    return row.getCell(column) != null && row.getCell(column).getCellType() == CellType.NUMERIC;
  }

  private static String text(Row row, int column) {
    return row.getCell(column) == null || row.getCell(column).getCellType() != CellType.STRING ? "" : row.getCell(column).getStringCellValue();
  }
}
