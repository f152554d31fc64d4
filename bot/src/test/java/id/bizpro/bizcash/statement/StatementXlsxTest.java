package id.bizpro.bizcash.statement;

import static id.bizpro.bizcash.statement.StatementSamples.NOV_1;
import static id.bizpro.bizcash.statement.StatementSamples.NOV_30;
import static id.bizpro.bizcash.statement.StatementSamples.OPENING;
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
import org.apache.poi.ss.usermodel.Row;
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
      assertEquals("Total", totals.getCell(2).getStringCellValue());
      assertEquals("SUM(D12:D51)", totals.getCell(3).getCellFormula());
      assertEquals("SUM(E12:E51)", totals.getCell(4).getCellFormula());
      // The values stored with the formulas, as a viewer that does not recalculate shows them…
      assertEquals(header.totalIn().rupiah(), (long) totals.getCell(3).getNumericCellValue());
      assertEquals(header.totalOut().rupiah(), (long) totals.getCell(4).getNumericCellValue());
      assertEquals(header.closingBalance().rupiah(), (long) totals.getCell(5).getNumericCellValue());
      // …and what Excel computes from the cells.
      XSSFFormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
      assertEquals(header.totalIn().rupiah(), (long) evaluator.evaluate(totals.getCell(3)).getNumberValue());
      assertEquals(header.totalOut().rupiah(), (long) evaluator.evaluate(totals.getCell(4)).getNumberValue());
      assertEquals(header.closingBalance().rupiah(), (long) evaluator.evaluate(totals.getCell(5)).getNumberValue());
      assertEquals(sheet.getRow(FIRST_DATA_ROW + 39).getCell(5).getNumericCellValue(),
          evaluator.evaluate(totals.getCell(5)).getNumberValue(), "last balance equals the closing balance");
    }
  }

  @Test
  void one_row_per_entry_under_a_frozen_and_filtered_heading() throws IOException {
    StatementRows rows = StatementSamples.generated(250, NOV_1, NOV_30, OPENING);
    try (XSSFWorkbook workbook = read(write(StatementSamples.november(rows, StatementLanguage.ID), rows))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertEquals("Tanggal (WIB)", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(0).getStringCellValue());
      assertEquals("Saldo", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(5).getStringCellValue());
      assertEquals(FIRST_DATA_ROW + 250, sheet.getLastRowNum(), "250 rows then the totals row");
      PaneInformation pane = sheet.getPaneInformation();
      assertTrue(pane.isFreezePane());
      assertEquals(FIRST_DATA_ROW, pane.getHorizontalSplitPosition());
      assertEquals("A11:F261", sheet.getCTWorksheet().getAutoFilter().getRef());
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
        Cell moved = row.getCell(line.in().isZero() ? 4 : 3);
        assertEquals(CellType.NUMERIC, moved.getCellType());
        assertEquals(line.in().plus(line.out()).rupiah(), (long) moved.getNumericCellValue());
        assertTrue(moved.getCellStyle().getDataFormatString().contains("\"Rp \"#,##0"));
        assertNull(row.getCell(line.in().isZero() ? 3 : 4), "the zero side stays blank");
        assertEquals(CellType.NUMERIC, row.getCell(5).getCellType());
        assertEquals(line.balanceAfter().rupiah(), (long) row.getCell(5).getNumericCellValue());
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
        assertEquals(lines.get(i).reference(), sheet.getRow(FIRST_DATA_ROW + i).getCell(1).getStringCellValue());
        assertEquals(lines.get(i).description(), sheet.getRow(FIRST_DATA_ROW + i).getCell(2).getStringCellValue());
      }
      assertEquals("Transfer dari @alice — bayar desain logo", sheet.getRow(FIRST_DATA_ROW + 22).getCell(2).getStringCellValue());
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
      assertEquals("Balance", sheet.getRow(XlsxStatementWriter.HEADING_ROW).getCell(5).getStringCellValue());
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
