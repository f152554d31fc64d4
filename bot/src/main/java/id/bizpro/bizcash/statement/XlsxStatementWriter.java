package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes a statement as an Excel workbook with one sheet named after the period ("Nov 2026", or
 * "01-11-2026 s.d. 26-11-2026"): summary rows (user, period, printed, opening, in, out, closing),
 * then a table whose heading row is frozen and filtered, with real date-time cells (WIB), the
 * description, then type, counterparty, note and reference each in its own column so an
 * accountant can filter on it, real
 * numeric rupiah cells, and a totals row whose SUM formulas carry their computed values so every
 * viewer shows them without recalculating. Columns are as wide as their longest value (within
 * limits); the sheet prints on A4 landscape, one page wide, with the heading row on every page
 * and "Halaman N dari M" in the footer. Every word is in the statement's language.
 *
 * <p>Memory stays bounded whatever the number of rows: {@link SXSSFWorkbook} keeps {@value
 * #ROWS_IN_MEMORY} rows in memory and flushes the rest to a compressed temporary file, which is
 * deleted before {@code write} returns or throws. Nothing reaches {@code out} until every row has
 * been checked, so a statement that does not add up leaves {@code out} untouched. Stateless and
 * thread-safe; see {@link StatementWriter} for what a completed file guarantees.
 */
public final class XlsxStatementWriter implements StatementWriter {
  static final int ROWS_IN_MEMORY = 100;

  /** Zero-based row of the table's heading; the rows above hold the summary. */
  static final int HEADING_ROW = 10;

  private static final String RUPIAH_FORMAT = "\"Rp \"#,##0;-\"Rp \"#,##0";
  /** Excel's locale codes make the month names Indonesian (0421) or English (0409) in any Excel. */
  private static final String DATE_TIME_FORMAT_ID = "[$-421]dd mmm yyyy hh:mm";
  private static final String DATE_TIME_FORMAT_EN = "[$-409]dd mmm yyyy hh:mm";
  private static final DateTimeFormatter SHEET_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
  /**
   * The description (the PDF's sentence, e.g. "Transfer ke @bob · Berita: makan siang") stays for
   * reading; type, counterparty and note repeat its parts one per column for filtering.
   */
  private static final String[] COLUMN_KEYS = {
    "column.date", "column.reference", "column.description", "column.type", "column.counterparty",
    "column.note", "column.in", "column.out", "column.balance"};
  /** Widths in characters, at least (the heading fits) and at most (a long note is cut off). */
  private static final int[] MIN_WIDTHS = {18, 10, 12, 8, 8, 8, 10, 10, 10};
  private static final int[] MAX_WIDTHS = {22, 24, 60, 28, 32, 60, 22, 22, 22};

  static final int COL_DATE = 0;
  static final int COL_REFERENCE = 1;
  static final int COL_DESCRIPTION = 2;
  static final int COL_TYPE = 3;
  static final int COL_COUNTERPARTY = 4;
  static final int COL_NOTE = 5;
  static final int COL_IN = 6;
  static final int COL_OUT = 7;
  static final int COL_BALANCE = 8;

  @Override
  public StatementFormat format() {
    return StatementFormat.XLSX;
  }

  @Override
  public void write(StatementHeader header, StatementRows rows, OutputStream out) throws IOException {
    StatementLabels labels = StatementLabels.of(header.language());
    StatementBalanceCheck check = new StatementBalanceCheck(header);
    // close() disposes of the temporary sheet files (dispose() itself is deprecated since POI
    // 5.4), also when a row fails the check.
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(ROWS_IN_MEMORY)) {
      workbook.setCompressTempFiles(true);
      Styles styles = new Styles(workbook, header.language());
      SXSSFSheet sheet = workbook.createSheet(sheetName(header, labels));
      ColumnWidths widths = new ColumnWidths();
      writeSummary(sheet, header, labels, styles, widths);
      writeHeading(sheet, labels, styles, widths);
      sheet.createFreezePane(0, HEADING_ROW + 1);
      printSetup(sheet, labels);

      TableStream table = new TableStream(sheet, styles, check, widths);
      rows.forEach(table);
      check.finish();
      table.finish(header, labels);
      // Column widths are written with the sheet at the end, so they can follow every row.
      widths.apply(sheet);

      workbook.getXSSFWorkbook().getProperties().getCoreProperties()
          .setTitle(labels.get("title") + " " + labels.period(header.periodStart(), header.periodEnd()));
      workbook.write(out);
    }
  }

  /** "Nov 2026" for a whole month, else "01-11-2026 s.d. 26-11-2026"; always a legal sheet name. */
  static String sheetName(StatementHeader header, StatementLabels labels) {
    String name =
        StatementFileName.isWholeMonth(header.periodStart(), header.periodEnd())
            ? labels.monthYear(YearMonth.from(header.periodStart()))
            : labels.fill(
                "sheet.range",
                SHEET_DATE.format(header.periodStart()),
                SHEET_DATE.format(header.periodEnd()));
    return WorkbookUtil.createSafeSheetName(name);
  }

  /** A4 landscape, one page wide and as many long as it takes, the heading row on every page. */
  private static void printSetup(SXSSFSheet sheet, StatementLabels labels) {
    sheet.setFitToPage(true);
    sheet.setAutobreaks(true);
    PrintSetup print = sheet.getPrintSetup();
    print.setPaperSize(PrintSetup.A4_PAPERSIZE);
    print.setLandscape(true);
    print.setFitWidth((short) 1);
    print.setFitHeight((short) 0);
    sheet.setRepeatingRows(new CellRangeAddress(HEADING_ROW, HEADING_ROW, -1, -1));
    // &P and &N are Excel's page number and page count.
    sheet.getFooter().setLeft(labels.fill("page.of", "&P") + " &N");
    sheet.getFooter().setRight(labels.get("brand"));
  }

  private static void writeSummary(
      SXSSFSheet sheet, StatementHeader header, StatementLabels labels, Styles styles, ColumnWidths widths) {
    SXSSFCell title = sheet.createRow(0).createCell(0);
    title.setCellValue(labels.get("title"));
    title.setCellStyle(styles.title);
    sheet.getRow(0).createCell(2).setCellValue(labels.get("brand"));

    textRow(sheet, 1, labels.get("label.user"), labels.user(header), styles);
    textRow(sheet, 2, labels.get("label.period"), labels.period(header.periodStart(), header.periodEnd()), styles);
    textRow(sheet, 3, labels.get("label.printed"), labels.printedAt(header.printedAt()), styles);
    amountRow(sheet, 5, labels.get("summary.opening"), header.openingBalance(), styles.label, styles.rupiah);
    amountRow(sheet, 6, labels.get("summary.in"), header.totalIn(), styles.label, styles.rupiah);
    amountRow(sheet, 7, labels.get("summary.out"), header.totalOut(), styles.label, styles.rupiah);
    amountRow(sheet, 8, labels.get("summary.closing"), header.closingBalance(), styles.boldLabel, styles.rupiahBold);
    // Labels sit in the date column and amounts in the reference column; a number that does not
    // fit shows as ####, so both columns make room for them. Text values may spill right.
    for (String key : new String[] {"summary.opening", "summary.in", "summary.out", "summary.closing"}) {
      widths.fit(COL_DATE, labels.get(key));
    }
    for (Money amount : new Money[] {header.openingBalance(), header.totalIn(), header.totalOut(), header.closingBalance()}) {
      widths.fit(COL_REFERENCE, amount.format());
    }
  }

  private static void textRow(SXSSFSheet sheet, int rowIndex, String label, String value, Styles styles) {
    SXSSFRow row = sheet.createRow(rowIndex);
    SXSSFCell labelCell = row.createCell(0);
    labelCell.setCellValue(label);
    labelCell.setCellStyle(styles.label);
    row.createCell(1).setCellValue(value);
  }

  private static void amountRow(SXSSFSheet sheet, int rowIndex, String label, Money amount, CellStyle labelStyle, CellStyle amountStyle) {
    SXSSFRow row = sheet.createRow(rowIndex);
    SXSSFCell labelCell = row.createCell(0);
    labelCell.setCellValue(label);
    labelCell.setCellStyle(labelStyle);
    SXSSFCell value = row.createCell(1);
    value.setCellValue(amount.rupiah());
    value.setCellStyle(amountStyle);
  }

  private static void writeHeading(SXSSFSheet sheet, StatementLabels labels, Styles styles, ColumnWidths widths) {
    SXSSFRow row = sheet.createRow(HEADING_ROW);
    for (int i = 0; i < COLUMN_KEYS.length; i++) {
      SXSSFCell cell = row.createCell(i);
      String heading = labels.get(COLUMN_KEYS[i]);
      cell.setCellValue(heading);
      cell.setCellStyle(i >= COL_IN ? styles.headingRight : styles.heading);
      // Room for the filter's drop-down button too.
      widths.fit(i, heading + "   ");
    }
  }

  /**
   * The widest value seen per column, in characters (East Asian wide characters and emoji count
   * two), kept within {@link #MIN_WIDTHS} and {@link #MAX_WIDTHS}. Not thread-safe: one per sheet.
   */
  static final class ColumnWidths {
    private final int[] chars = MIN_WIDTHS.clone();

    void fit(int column, String text) {
      int width = text.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum() + 2;
      chars[column] = Math.max(chars[column], Math.min(width, MAX_WIDTHS[column]));
    }

    void apply(SXSSFSheet sheet) {
      for (int i = 0; i < chars.length; i++) {
        sheet.setColumnWidth(i, chars[i] * 256);
      }
    }

    private static boolean isWide(int cp) {
      return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF)
          || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
          || (cp >= 0xFF00 && cp <= 0xFF60) || cp >= 0x1F300;
    }
  }

  /** Receives the rows, appends one sheet row each, then the totals row and the filter. */
  private static final class TableStream implements Consumer<StatementLine> {
    private final SXSSFSheet sheet;
    private final Styles styles;
    private final StatementBalanceCheck check;
    private final ColumnWidths widths;
    private int nextRow = HEADING_ROW + 1;

    TableStream(SXSSFSheet sheet, Styles styles, StatementBalanceCheck check, ColumnWidths widths) {
      this.sheet = sheet;
      this.styles = styles;
      this.check = check;
      this.widths = widths;
    }

    @Override
    public void accept(StatementLine line) {
      check.accept(line);
      SXSSFRow row = sheet.createRow(nextRow++);
      SXSSFCell date = row.createCell(COL_DATE);
      // Excel dates carry no zone: store the WIB wall-clock time the heading promises.
      date.setCellValue(LocalDateTime.ofInstant(line.timestamp(), StatementHeader.ZONE));
      date.setCellStyle(styles.dateTime);
      textCell(row, COL_REFERENCE, line.reference());
      textCell(row, COL_DESCRIPTION, line.description());
      textCell(row, COL_TYPE, line.type());
      textCell(row, COL_COUNTERPARTY, line.counterparty());
      textCell(row, COL_NOTE, line.note());
      amountCell(row, COL_IN, line.in());
      amountCell(row, COL_OUT, line.out());
      // The balance is always printed, Rp 0 included: a blank balance reads as "unknown".
      SXSSFCell balance = row.createCell(COL_BALANCE);
      balance.setCellValue(line.balanceAfter().rupiah());
      balance.setCellStyle(styles.rupiah);
      widths.fit(COL_BALANCE, line.balanceAfter().format());
    }

    private void textCell(SXSSFRow row, int column, String text) {
      // Empty stays blank, so a filter offers "(Blanks)" rather than an empty string.
      if (!text.isEmpty()) {
        row.createCell(column).setCellValue(text);
        widths.fit(column, text);
      }
    }

    private void amountCell(SXSSFRow row, int column, Money amount) {
      // Zero in or out stays blank, as bank statements print it; SUM and filters ignore blanks.
      if (!amount.isZero()) {
        SXSSFCell cell = row.createCell(column);
        cell.setCellValue(amount.rupiah());
        cell.setCellStyle(styles.rupiah);
        widths.fit(column, amount.format());
      }
    }

    void finish(StatementHeader header, StatementLabels labels) {
      int lastDataRow = nextRow - 1;
      if (check.lineCount() == 0) {
        SXSSFCell empty = sheet.createRow(nextRow).createCell(0);
        empty.setCellValue(labels.get("empty"));
        empty.setCellStyle(styles.empty);
        return;
      }
      SXSSFRow totals = sheet.createRow(nextRow);
      for (int column = COL_DATE; column < COL_NOTE; column++) {
        totals.createCell(column).setCellStyle(styles.totalsLabel);
      }
      SXSSFCell label = totals.createCell(COL_NOTE);
      label.setCellValue(labels.get("totals"));
      label.setCellStyle(styles.totalsLabel);
      widths.fit(COL_IN, check.sumIn().format());
      widths.fit(COL_OUT, check.sumOut().format());
      widths.fit(COL_BALANCE, header.closingBalance().format());
      // Formulas so the sheet stays live when an accountant edits it, with the values already
      // computed (and checked) here so viewers that never recalculate show the right totals.
      formula(totals, COL_IN, "SUM(" + range(COL_IN, lastDataRow) + ")", check.sumIn());
      formula(totals, COL_OUT, "SUM(" + range(COL_OUT, lastDataRow) + ")", check.sumOut());
      String opening = new CellReference(5, 1, true, true).formatAsString();
      String in = new CellReference(nextRow, COL_IN).formatAsString();
      String out = new CellReference(nextRow, COL_OUT).formatAsString();
      formula(totals, COL_BALANCE, opening + "+" + in + "-" + out, header.closingBalance());
      sheet.setAutoFilter(new CellRangeAddress(HEADING_ROW, lastDataRow, 0, COL_BALANCE));
    }

    private void formula(SXSSFRow row, int column, String formula, Money value) {
      SXSSFCell cell = row.createCell(column);
      cell.setCellFormula(formula);
      cell.setCellValue(value.rupiah());
      cell.setCellStyle(styles.totalsAmount);
    }

    private static String range(int column, int lastDataRow) {
      return new CellReference(HEADING_ROW + 1, column).formatAsString()
          + ":" + new CellReference(lastDataRow, column).formatAsString();
    }
  }

  /** The cell styles of one workbook; styles belong to a workbook and cannot be shared. */
  private static final class Styles {
    final CellStyle title;
    final CellStyle label;
    final CellStyle boldLabel;
    final CellStyle rupiah;
    final CellStyle rupiahBold;
    final CellStyle dateTime;
    final CellStyle heading;
    final CellStyle headingRight;
    final CellStyle totalsLabel;
    final CellStyle totalsAmount;
    final CellStyle empty;

    Styles(SXSSFWorkbook workbook, StatementLanguage language) {
      short rupiahFormat = workbook.createDataFormat().getFormat(RUPIAH_FORMAT);
      Font bold = workbook.createFont();
      bold.setBold(true);
      Font titleFont = workbook.createFont();
      titleFont.setBold(true);
      titleFont.setFontHeightInPoints((short) 14);
      Font white = workbook.createFont();
      white.setBold(true);
      white.setColor(IndexedColors.WHITE.getIndex());
      Font grey = workbook.createFont();
      grey.setItalic(true);
      grey.setColor(IndexedColors.GREY_50_PERCENT.getIndex());

      title = workbook.createCellStyle();
      title.setFont(titleFont);
      label = workbook.createCellStyle();
      boldLabel = workbook.createCellStyle();
      boldLabel.setFont(bold);
      rupiah = workbook.createCellStyle();
      rupiah.setDataFormat(rupiahFormat);
      rupiahBold = workbook.createCellStyle();
      rupiahBold.setDataFormat(rupiahFormat);
      rupiahBold.setFont(bold);
      dateTime = workbook.createCellStyle();
      dateTime.setDataFormat(workbook.createDataFormat().getFormat(
          language == StatementLanguage.ID ? DATE_TIME_FORMAT_ID : DATE_TIME_FORMAT_EN));
      dateTime.setAlignment(HorizontalAlignment.LEFT);
      heading = workbook.createCellStyle();
      heading.setFont(white);
      heading.setFillForegroundColor(IndexedColors.DARK_BLUE.getIndex());
      heading.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      headingRight = workbook.createCellStyle();
      headingRight.cloneStyleFrom(heading);
      headingRight.setAlignment(HorizontalAlignment.RIGHT);
      totalsLabel = workbook.createCellStyle();
      totalsLabel.setFont(bold);
      totalsLabel.setBorderTop(BorderStyle.THIN);
      totalsAmount = workbook.createCellStyle();
      totalsAmount.cloneStyleFrom(rupiahBold);
      totalsAmount.setBorderTop(BorderStyle.THIN);
      empty = workbook.createCellStyle();
      empty.setFont(grey);
    }
  }
}
