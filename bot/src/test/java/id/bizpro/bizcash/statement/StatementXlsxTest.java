package id.bizpro.bizcash.statement;

import static id.bizpro.bizcash.statement.StatementSamples.NOV_1;
import static id.bizpro.bizcash.statement.StatementSamples.NOV_30;
import static id.bizpro.bizcash.statement.StatementSamples.OPENING;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_BALANCE;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_COUNTERPARTY;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_DESCRIPTION;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_IN;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_NOTE;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_OUT;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_REFERENCE;
import static id.bizpro.bizcash.statement.XlsxStatementWriter.COL_TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class StatementXlsxTest {
  private static final int FIRST_DATA_ROW = XlsxStatementWriter.HEADING_ROW + 1;

  @Test
  void summary_rows_show_opening_plus_in_minus_out_equal_to_closing() throws IOException {
    StatementRows rows = StatementSamples.generated(40, NOV_1, NOV_30, OPENING);
    StatementHeader header = StatementSamples.november(rows, StatementLanguage.ID);
    try (XSSFWorkbook workbook = read(write(header, rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertEquals("Budi Santoso (@budi)", sheet.getRow(1).getCell(1).getStringCellValue());
      assertEquals("1 Nov 2026 – 30 Nov 2026", sheet.getRow(2).getCell(1).getStringCellValue());
      assertEquals("26 Nov 2026 14:05 WIB", sheet.getRow(3).getCell(1).getStringCellValue());
      assertEquals("Saldo awal", sheet.getRow(5).getCell(0).getStringCellValue());
      assertEquals("Saldo akhir", sheet.getRow(8).getCell(0).getStringCellValue());
      double opening = sheet.getRow(5).getCell(1).getNumericCellValue();
      double in = sheet.getRow(6).getCell(1).getNumericCellValue();
      double out = sheet.getRow(7).getCell(1).getNumericCellValue();
      double closing = sheet.getRow(8).getCell(1).getNumericCellValue();
      assertEquals(closing, opening + in - out);
      assertEquals(header.closingBalance().rupiah(), (long) closing);
    }
  }

  @Test
  void totals_row_sums_in_and_out_with_formulas_whose_values_match_the_summary() throws IOException {
    StatementRows rows = StatementSamples.generated(40, NOV_1, NOV_30, OPENING);
    StatementHeader header = StatementSamples.november(rows, StatementLanguage.ID);
    try (XSSFWorkbook workbook = read(write(header, rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      Row totals = sheet.getRow(FIRST_DATA_ROW + 40);
      assertEquals("Total", totals.getCell(COL_NOTE).getStringCellValue());
      assertEquals("SUM(G12:G51)", totals.getCell(COL_IN).getCellFormula());
      assertEquals("SUM(H12:H51)", totals.getCell(COL_OUT).getCellFormula());
      // The values stored with the formulas, as a viewer that does not recalculate shows them…
      assertEquals(header.totalIn().rupiah(), (long) totals.getCell(COL_IN).getNumericCellValue());
      assertEquals(header.totalOut().rupiah(), (long) totals.getCell(COL_OUT).getNumericCellValue());
      assertEquals(header.closingBalance().rupiah(), (long) totals.getCell(COL_BALANCE).getNumericCellValue());
      // …and what Excel computes from the cells.
      XSSFFormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
      assertEquals(header.totalIn().rupiah(), (long) evaluator.evaluate(totals.getCell(COL_IN)).getNumberValue());
      assertEquals(header.totalOut().rupiah(), (long) evaluator.evaluate(totals.getCell(COL_OUT)).getNumberValue());
      assertEquals(header.closingBalance().rupiah(), (long) evaluator.evaluate(totals.getCell(COL_BALANCE)).getNumberValue());
      assertEquals(sheet.getRow(FIRST_DATA_ROW + 39).getCell(COL_BALANCE).getNumericCellValue(),
          evaluator.evaluate(totals.getCell(COL_BALANCE)).getNumberValue(), "last balance equals the closing balance");
    }
  }

  @Test
  void one_row_per_entry_under_a_frozen_and_filtered_heading() throws IOException {
    StatementRows rows = StatementSamples.generated(250, NOV_1, NOV_30, OPENING);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertEquals("Tanggal (WIB)", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(0).getStringCellValue());
      assertEquals("Saldo", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(COL_BALANCE).getStringCellValue());
      assertEquals(FIRST_DATA_ROW + 250, sheet.getLastRowNum(), "250 rows then the totals row");
      PaneInformation pane = sheet.getPaneInformation();
      assertTrue(pane.isFreezePane());
      assertEquals(FIRST_DATA_ROW, pane.getHorizontalSplitPosition());
      assertEquals("A11:I261", sheet.getCTWorksheet().getAutoFilter().getRef());
    }
  }

  @Test
  void amounts_are_numeric_cells_and_dates_are_date_cells_in_wib() throws IOException {
    StatementRows rows = StatementSamples.generated(10, NOV_1, NOV_30, OPENING);
    List<StatementLine> lines = StatementSamples.list(rows);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      for (int i = 0; i < lines.size(); i++) {
        StatementLine line = lines.get(i);
        Row row = sheet.getRow(FIRST_DATA_ROW + i);
        Cell date = row.getCell(0);
        assertEquals(CellType.NUMERIC, date.getCellType());
        assertTrue(DateUtil.isCellDateFormatted(date));
        assertEquals(LocalDateTime.ofInstant(line.timestamp(), StatementHeader.ZONE), date.getLocalDateTimeCellValue());
        Cell moved = row.getCell(line.in().isZero() ? COL_OUT : COL_IN);
        assertEquals(CellType.NUMERIC, moved.getCellType());
        assertEquals(line.in().plus(line.out()).rupiah(), (long) moved.getNumericCellValue());
        assertTrue(moved.getCellStyle().getDataFormatString().contains("\"Rp \"#,##0"));
        assertNull(row.getCell(line.in().isZero() ? COL_IN : COL_OUT), "the zero side stays blank");
        assertEquals(CellType.NUMERIC, row.getCell(COL_BALANCE).getCellType());
        assertEquals(line.balanceAfter().rupiah(), (long) row.getCell(COL_BALANCE).getNumericCellValue());
      }
      assertEquals(LocalDateTime.of(2026, 11, 1, 0, 0), sheet.getRow(FIRST_DATA_ROW).getCell(0).getLocalDateTimeCellValue());
    }
  }

  @Test
  void references_counterparties_and_notes_are_kept_as_written() throws IOException {
    StatementRows rows = StatementSamples.generated(30, NOV_1, NOV_30, OPENING);
    List<StatementLine> lines = StatementSamples.list(rows);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      for (int i = 0; i < lines.size(); i++) {
        Row row = sheet.getRow(FIRST_DATA_ROW + i);
        assertEquals(lines.get(i).reference(), row.getCell(COL_REFERENCE).getStringCellValue());
        assertEquals(lines.get(i).description(), row.getCell(COL_DESCRIPTION).getStringCellValue());
        assertEquals(lines.get(i).type(), row.getCell(COL_TYPE).getStringCellValue());
        assertEquals(lines.get(i).counterparty(), text(row, COL_COUNTERPARTY));
        assertEquals(lines.get(i).note(), text(row, COL_NOTE));
      }
      assertEquals("Transfer dari @alice — bayar desain logo",
          sheet.getRow(FIRST_DATA_ROW + 22).getCell(COL_DESCRIPTION).getStringCellValue());
      Row transfer = sheet.getRow(FIRST_DATA_ROW + 22);
      assertEquals("Transfer masuk", transfer.getCell(COL_TYPE).getStringCellValue());
      assertEquals("@alice", transfer.getCell(COL_COUNTERPARTY).getStringCellValue());
      assertEquals("bayar desain logo", transfer.getCell(COL_NOTE).getStringCellValue());
    }
  }

  @Test
  void sheet_is_named_after_the_month_or_the_dates_of_the_period() throws IOException {
    assertEquals("Nov 2026", sheetName(NOV_1, NOV_30, StatementLanguage.ID));
    assertEquals("Mei 2026", sheetName(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31), StatementLanguage.ID));
    assertEquals("May 2026", sheetName(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31), StatementLanguage.EN));
    assertEquals("01-11-2026 s.d. 26-11-2026", sheetName(NOV_1, LocalDate.of(2026, 11, 26), StatementLanguage.ID));
    assertEquals("27-10-2026 to 26-11-2026", sheetName(LocalDate.of(2026, 10, 27), LocalDate.of(2026, 11, 26), StatementLanguage.EN));
  }

  @Test
  void empty_period_gives_a_valid_workbook_that_says_there_were_no_transactions() throws IOException {
    StatementHeader header = new StatementHeader("Budi Santoso", "budi", NOV_1, NOV_30,
        StatementSamples.PRINTED_AT, OPENING, Money.ZERO, Money.ZERO, OPENING, StatementLanguage.ID);
    try (XSSFWorkbook workbook = read(write(header, StatementRows.none()))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertEquals("Tidak ada transaksi pada periode ini.", sheet.getRow(FIRST_DATA_ROW).getCell(0).getStringCellValue());
      assertEquals(FIRST_DATA_ROW, sheet.getLastRowNum());
      assertEquals(OPENING.rupiah(), (long) sheet.getRow(8).getCell(1).getNumericCellValue());
    }
  }

  @Test
  void english_header_gives_english_labels() throws IOException {
    StatementRows rows = StatementSamples.generated(5, NOV_1, NOV_30, OPENING);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.EN), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertEquals("BizCash statement", sheet.getRow(0).getCell(0).getStringCellValue());
      assertEquals("Opening balance", sheet.getRow(5).getCell(0).getStringCellValue());
      assertEquals("Closing balance", sheet.getRow(8).getCell(0).getStringCellValue());
      assertEquals("Date (WIB)", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(0).getStringCellValue());
      assertEquals("Balance", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(COL_BALANCE).getStringCellValue());
    }
  }

  @Test
  void type_counterparty_note_and_reference_are_separate_filterable_columns_in_the_users_language() throws IOException {
    StatementRows rows = StatementSamples.generated(10, NOV_1, NOV_30, OPENING);
    List<String> id = headings(write(StatementSamples.november(rows, StatementLanguage.ID), rows));
    List<String> en = headings(write(StatementSamples.november(rows, StatementLanguage.EN), rows));

    assertEquals(List.of("Tanggal (WIB)", "Referensi", "Keterangan", "Jenis", "Pihak lain", "Berita", "Masuk", "Keluar", "Saldo"), id);
    assertEquals(List.of("Date (WIB)", "Reference", "Description", "Type", "Counterparty", "Note", "In", "Out", "Balance"), en);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      // The filter spans every column, so each of them can be filtered.
      assertEquals("A11:I21", workbook.getSheetAt(0).getCTWorksheet().getAutoFilter().getRef());
      String dateFormat = workbook.getSheetAt(0).getRow(FIRST_DATA_ROW).getCell(0).getCellStyle().getDataFormatString();
      assertTrue(dateFormat.startsWith("[$-421]"), "Indonesian month names in Excel: " + dateFormat);
    }
  }

  @Test
  void prints_on_a4_landscape_one_page_wide_with_the_heading_row_on_every_page() throws IOException {
    StatementRows rows = StatementSamples.generated(300, NOV_1, NOV_30, OPENING);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      var print = sheet.getPrintSetup();
      assertEquals(PrintSetup.A4_PAPERSIZE, print.getPaperSize());
      assertTrue(print.getLandscape());
      assertTrue(sheet.getFitToPage());
      assertEquals(1, print.getFitWidth());
      assertEquals(0, print.getFitHeight(), "as many pages long as it takes");
      assertEquals(CellRangeAddress.valueOf("11:11").formatAsString(), sheet.getRepeatingRows().formatAsString());
      assertTrue(sheet.getFooter().getLeft().startsWith("Halaman &P dari &N"), sheet.getFooter().getLeft());
    }
  }

  @Test
  void columns_are_as_wide_as_their_longest_value_so_nothing_shows_as_hashes() throws IOException {
    String longNote = "Pembayaran invoice INV-2026-11-0042 untuk jasa desain kemasan dan foto produk";
    Money big = Money.rupiah(12_345_678_901L);
    StatementLine line = StatementLine.credit(NOV_1.atTime(9, 0).atZone(StatementHeader.ZONE).toInstant(), "TRF-LONG01",
        "x", big, OPENING.plus(big)).withParts("Transfer masuk", "@a_rather_long_username_here", "ok");
    StatementRows rows = StatementRows.of(List.of(line));
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertTrue(widthChars(sheet, COL_COUNTERPARTY) >= "@a_rather_long_username_here".length());
      for (int column : new int[] {COL_IN, COL_BALANCE}) {
        assertTrue(widthChars(sheet, column) >= OPENING.plus(big).format().length(), "column " + column);
      }
      assertTrue(widthChars(sheet, COL_REFERENCE) >= OPENING.plus(big).format().length(), "the summary amounts");
      assertTrue(widthChars(sheet, COL_NOTE) < longNote.length(), "a short note keeps its column narrow");
    }
  }

  @Test
  void a_zero_balance_is_the_number_0_not_a_blank() throws IOException {
    Money all = Money.rupiah(25_000);
    StatementLine line = StatementLine.debit(NOV_1.atTime(9, 0).atZone(StatementHeader.ZONE).toInstant(), "WD-ZERO01",
        "Penarikan", all, Money.ZERO);
    StatementHeader header = new StatementHeader("Budi Santoso", "budi", NOV_1, NOV_30,
        StatementSamples.PRINTED_AT, all, Money.ZERO, all, Money.ZERO, StatementLanguage.ID);
    try (XSSFWorkbook workbook = read(write(header, StatementRows.of(List.of(line))))) {
      Cell balance = workbook.getSheetAt(0).getRow(FIRST_DATA_ROW).getCell(COL_BALANCE);
      assertEquals(CellType.NUMERIC, balance.getCellType());
      assertEquals(0, balance.getNumericCellValue());
      assertEquals("Rp 0", new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(balance));
    }
  }

  private static double widthChars(XSSFSheet sheet, int column) {
    return sheet.getColumnWidth(column) / 256.0;
  }

  private static String text(Row row, int column) {
    return row.getCell(column) == null ? "" : row.getCell(column).getStringCellValue();
  }

  private static List<String> headings(byte[] xlsx) throws IOException {
    try (XSSFWorkbook workbook = read(xlsx)) {
      List<String> headings = new java.util.ArrayList<>();
      workbook.getSheetAt(0).getRow(XlsxStatementWriter.HEADING_ROW).forEach(c -> headings.add(c.getStringCellValue()));
      return headings;
    }
  }

  private static String sheetName(LocalDate start, LocalDate end, StatementLanguage language) throws IOException {
    StatementRows rows = StatementSamples.generated(3, start, end, OPENING);
    try (XSSFWorkbook workbook = read(write(StatementSamples.headerFor(rows, start, end, OPENING, language), rows))) {
      return workbook.getSheetName(0);
    }
  }

  static byte[] write(StatementHeader header, StatementRows rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new XlsxStatementWriter().write(header, rows, out);
    return out.toByteArray();
  }

  static XSSFWorkbook read(byte[] xlsx) throws IOException {
    return new XSSFWorkbook(new ByteArrayInputStream(xlsx));
  }
}
