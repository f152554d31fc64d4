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
 * then a table whose heading row is frozen and filtered, with real date-time cells (WIB) and real
 * numeric rupiah cells, and a totals row whose SUM formulas carry their computed values so every
 * viewer shows them without recalculating.
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
  private static final String DATE_TIME_FORMAT = "dd mmm yyyy hh:mm";
  private static final DateTimeFormatter SHEET_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
  /** Widths in characters: date, reference, description, in, out, balance. */
  private static final int[] COLUMN_WIDTHS = {20, 18, 50, 18, 18, 18};

  private static final int COL_DATE = 0;
  private static final int COL_IN = 3;
  private static final int COL_OUT = 4;
  private static final int COL_BALANCE = 5;

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
      Styles styles = new Styles(workbook);
      SXSSFSheet sheet = workbook.createSheet(sheetName(header, labels));
      for (int i = 0; i < COLUMN_WIDTHS.length; i++) {
        sheet.setColumnWidth(i, COLUMN_WIDTHS[i] * 256);
      }
      writeSummary(sheet, header, labels, styles);
      writeHeading(sheet, labels, styles);
      sheet.createFreezePane(0, HEADING_ROW + 1);

      TableStream table = new TableStream(sheet, styles, check);
      rows.forEach(table);
      check.finish();
      table.finish(header, labels);

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

  private static void writeSummary(SXSSFSheet sheet, StatementHeader header, StatementLabels labels, Styles styles) {
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

  private static void writeHeading(SXSSFSheet sheet, StatementLabels labels, Styles styles) {
    SXSSFRow row = sheet.createRow(HEADING_ROW);
    String[] keys = {"column.date", "column.reference", "column.description", "column.in", "column.out", "column.balance"};
    for (int i = 0; i < keys.length; i++) {
      SXSSFCell cell = row.createCell(i);
      cell.setCellValue(labels.get(keys[i]));
      cell.setCellStyle(i >= COL_IN ? styles.headingRight : styles.heading);
    }
  }

  /** Receives the rows, appends one sheet row each, then the totals row and the filter. */
  private static final class TableStream implements Consumer<StatementLine> {
    private final SXSSFSheet sheet;
    private final Styles styles;
    private final StatementBalanceCheck check;
    private int nextRow = HEADING_ROW + 1;

    TableStream(SXSSFSheet sheet, Styles styles, StatementBalanceCheck check) {
      this.sheet = sheet;
      this.styles = styles;
      this.check = check;
    }

    @Override
    public void accept(StatementLine line) {
      check.accept(line);
      SXSSFRow row = sheet.createRow(nextRow++);
      SXSSFCell date = row.createCell(COL_DATE);
      // Excel dates carry no zone: store the WIB wall-clock time the heading promises.
      date.setCellValue(LocalDateTime.ofInstant(line.timestamp(), StatementHeader.ZONE));
      date.setCellStyle(styles.dateTime);
      row.createCell(1).setCellValue(line.reference());
      row.createCell(2).setCellValue(line.description());
      amountCell(row, COL_IN, line.in());
      amountCell(row, COL_OUT, line.out());
      SXSSFCell balance = row.createCell(COL_BALANCE);
      balance.setCellValue(line.balanceAfter().rupiah());
      balance.setCellStyle(styles.rupiah);
    }

    private void amountCell(SXSSFRow row, int column, Money amount) {
      // Zero in or out stays blank, as bank statements print it; SUM and filters ignore blanks.
      if (!amount.isZero()) {
        SXSSFCell cell = row.createCell(column);
        cell.setCellValue(amount.rupiah());
        cell.setCellStyle(styles.rupiah);
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
      SXSSFCell label = totals.createCell(2);
      label.setCellValue(labels.get("totals"));
      label.setCellStyle(styles.totalsLabel);
      totals.createCell(0).setCellStyle(styles.totalsLabel);
      totals.createCell(1).setCellStyle(styles.totalsLabel);
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

    Styles(SXSSFWorkbook workbook) {
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
      dateTime.setDataFormat(workbook.createDataFormat().getFormat(DATE_TIME_FORMAT));
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
