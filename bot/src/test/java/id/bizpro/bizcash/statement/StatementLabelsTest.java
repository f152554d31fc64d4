package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StatementLabelsTest {
  @Test
  void dates_read_as_the_product_writes_them_in_wib() {
    StatementLabels id = StatementLabels.of(StatementLanguage.ID);
    assertEquals("1 Agu 2026", id.date(LocalDate.of(2026, 8, 1)));
    assertEquals("26 Nov 2026 14:05 WIB", id.printedAt(Instant.parse("2026-11-26T07:05:00Z").atZone(StatementHeader.ZONE)));
    // 17:30 UTC on 30 Nov is already 1 Dec in Jakarta.
    assertEquals("1 Des 2026 00:30", id.dateTime(Instant.parse("2026-11-30T17:30:00Z")));
    assertEquals("1 Aug 2026", StatementLabels.of(StatementLanguage.EN).date(LocalDate.of(2026, 8, 1)));
  }

  @Test
  void indonesian_labels_do_not_fall_back_to_the_servers_english_locale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
    try {
      assertEquals("Saldo awal", StatementLabels.of(StatementLanguage.ID).get("summary.opening"));
      assertEquals("Opening balance", StatementLabels.of(StatementLanguage.EN).get("summary.opening"));
    } finally {
      Locale.setDefault(previous);
    }
  }

  @Test
  void telegram_language_codes_choose_the_statement_language() {
    assertEquals(StatementLanguage.ID, StatementLanguage.forLocale(Locale.forLanguageTag("id")));
    assertEquals(StatementLanguage.ID, StatementLanguage.forLocale(Locale.forLanguageTag("in-ID")));
    assertEquals(StatementLanguage.EN, StatementLanguage.forLocale(Locale.forLanguageTag("ms")));
    assertEquals(StatementLanguage.ID, StatementLanguage.forLocale(null));
  }

  @Test
  void pdf_text_keeps_what_the_embedded_font_draws_and_marks_the_rest_with_one_placeholder_each() {
    PdfText text = new PdfText(PdfFonts.regular());
    assertEquals("Transfer dari @alice — makan siang • “DP”", text.printable("Transfer dari @alice — makan siang • “DP”"));
    assertEquals("Şükrü Nguyễn — Жанна Ωμέγα", text.printable("Şükrü Nguyễn — Жанна Ωμέγα"));
    // An emoji with its skin tone, or a family joined with ZWJ, is one character to the reader.
    assertEquals("kopi □ untuk □ tim □ □", text.printable("kopi 🙏 untuk 王 tim 👍🏽 👨‍👩‍👧"));
    assertEquals("baris satu baris dua", text.printable("baris satu\nbaris\tdua"));
    assertEquals("Ñusa", text.printable("N\u0303usa"), "a decomposed accent is composed");
    assertEquals("", text.printable("\u200D\uFE0F"));
  }
}
