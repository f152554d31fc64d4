package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.Rectangle;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;

/**
 * Writes a statement as an A4 PDF: a header (brand, title, user, period, printed time), a summary
 * box (opening balance, total in, total out, closing balance), then one table row per entry with
 * the column headings repeated on every page and "Halaman N dari M" at every page's foot. A period
 * without entries says so instead of printing an empty table.
 *
 * <p>Memory stays bounded whatever the number of rows: rows are laid out in chunks of {@value
 * #ROWS_PER_CHUNK} and finished pages are written to the stream as they fill. Text is printed
 * with the standard Helvetica font (not embedded; WinAnsi), which covers Indonesian; characters
 * outside it are mapped as {@link PdfText} describes. Stateless and thread-safe; see {@link
 * StatementWriter} for what a completed file guarantees and what happens when rows do not add up.
 */
public final class PdfStatementWriter implements StatementWriter {
  static final int ROWS_PER_CHUNK = 500;

  private static final Color BRAND = new Color(0x1F, 0x4E, 0x79);
  private static final Color MUTED = new Color(0x5B, 0x66, 0x73);
  private static final Color RULE = new Color(0xD5, 0xDB, 0xE2);
  private static final Color BOX = new Color(0xF2, 0xF5, 0xF9);
  private static final Color ZEBRA = new Color(0xF7, 0xF9, 0xFB);
  private static final float[] COLUMN_WIDTHS = {14, 12, 35, 13, 13, 13};

  @Override
  public StatementFormat format() {
    return StatementFormat.PDF;
  }

  @Override
  public void write(StatementHeader header, StatementRows rows, OutputStream out) throws IOException {
    StatementLabels labels = StatementLabels.of(header.language());
    StatementBalanceCheck check = new StatementBalanceCheck(header);
    Fonts fonts = Fonts.create();

    Document document = new Document(PageSize.A4, 36, 36, 36, 54);
    PdfWriter writer = PdfWriter.getInstance(document, out);
    writer.setCloseStream(false);
    writer.setFullCompression();
    String identification =
        labels.get("title") + " · " + header.displayName() + " · "
            + labels.period(header.periodStart(), header.periodEnd());
    writer.setPageEvent(new PdfPageFooter(fonts.regular, labels, identification));
    document.addTitle(PdfText.sanitize(identification));
    document.addCreator("BizPro · BizCash");
    document.open();

    document.add(titleBlock(header, labels, fonts));
    document.add(summaryBox(header, labels, fonts));

    TableStream table = new TableStream(document, labels, fonts, check);
    rows.forEach(table);
    // Checked before the last rows and the trailer are written, so a statement that does not add
    // up never ends as a complete-looking file.
    check.finish();
    table.finish();
    document.close();
  }

  private static PdfPTable titleBlock(StatementHeader header, StatementLabels labels, Fonts fonts) {
    PdfPTable block = new PdfPTable(new float[] {55, 45});
    block.setWidthPercentage(100);
    block.setSpacingAfter(12);

    PdfPCell left = plainCell();
    left.addElement(new Paragraph(labels.get("brand"), fonts.brand));
    Paragraph title = new Paragraph(labels.get("title"), fonts.title);
    title.setSpacingBefore(2);
    left.addElement(title);
    Paragraph user = new Paragraph(PdfText.sanitize(labels.user(header)), fonts.user);
    user.setSpacingBefore(4);
    left.addElement(user);
    block.addCell(left);

    PdfPCell right = plainCell();
    right.addElement(rightAligned(labels.get("label.period"), fonts.label));
    right.addElement(rightAligned(labels.period(header.periodStart(), header.periodEnd()), fonts.value));
    Paragraph printedLabel = rightAligned(labels.get("label.printed"), fonts.label);
    printedLabel.setSpacingBefore(4);
    right.addElement(printedLabel);
    right.addElement(rightAligned(labels.printedAt(header.printedAt()), fonts.value));
    block.addCell(right);
    return block;
  }

  private static PdfPTable summaryBox(StatementHeader header, StatementLabels labels, Fonts fonts) {
    PdfPTable box = new PdfPTable(4);
    box.setWidthPercentage(100);
    box.setSpacingAfter(14);
    addSummaryCell(box, labels.get("summary.opening"), header.openingBalance(), fonts.amountBig, fonts);
    addSummaryCell(box, labels.get("summary.in"), header.totalIn(), fonts.amountBig, fonts);
    addSummaryCell(box, labels.get("summary.out"), header.totalOut(), fonts.amountBig, fonts);
    addSummaryCell(box, labels.get("summary.closing"), header.closingBalance(), fonts.amountBigBold, fonts);
    return box;
  }

  private static void addSummaryCell(PdfPTable box, String label, Money amount, Font amountFont, Fonts fonts) {
    PdfPCell cell = new PdfPCell();
    cell.setBackgroundColor(BOX);
    cell.setBorderColor(RULE);
    cell.setBorderWidth(0.5f);
    cell.setPadding(8);
    cell.setPaddingTop(5);
    cell.addElement(new Paragraph(label, fonts.label));
    Paragraph value = new Paragraph(amount.format(), amountFont);
    value.setSpacingBefore(2);
    cell.addElement(value);
    box.addCell(cell);
  }

  private static Paragraph rightAligned(String text, Font font) {
    Paragraph paragraph = new Paragraph(PdfText.sanitize(text), font);
    paragraph.setAlignment(Element.ALIGN_RIGHT);
    return paragraph;
  }

  private static PdfPCell plainCell() {
    PdfPCell cell = new PdfPCell();
    cell.setBorder(Rectangle.NO_BORDER);
    cell.setPadding(0);
    return cell;
  }

  /**
   * Receives the rows and lays them out in chunks: the table is marked incomplete and handed to
   * the document every {@value #ROWS_PER_CHUNK} rows, which writes what fits and forgets the
   * written rows while keeping the heading row for the next pages.
   */
  private static final class TableStream implements Consumer<StatementLine> {
    private final Document document;
    private final StatementLabels labels;
    private final Fonts fonts;
    private final StatementBalanceCheck check;
    private PdfPTable table;
    private int rowsInChunk;
    private long rowCount;

    TableStream(Document document, StatementLabels labels, Fonts fonts, StatementBalanceCheck check) {
      this.document = document;
      this.labels = labels;
      this.fonts = fonts;
      this.check = check;
    }

    @Override
    public void accept(StatementLine line) {
      check.accept(line);
      if (table == null) {
        table = newTable();
      }
      Color background = rowCount % 2 == 1 ? ZEBRA : null;
      table.addCell(textCell(labels.dateTime(line.timestamp()), background));
      table.addCell(textCell(line.reference(), background));
      table.addCell(textCell(line.description(), background));
      table.addCell(amountCell(line.in(), background));
      table.addCell(amountCell(line.out(), background));
      table.addCell(amountCell(line.balanceAfter(), background));
      rowCount++;
      if (++rowsInChunk == ROWS_PER_CHUNK) {
        document.add(table);
        rowsInChunk = 0;
      }
    }

    void finish() {
      if (table == null) {
        Paragraph empty = new Paragraph(labels.get("empty"), fonts.empty);
        empty.setSpacingBefore(6);
        document.add(empty);
        return;
      }
      // A totals row closes the table, as on the Excel sheet: the sums just checked and the
      // closing balance, so the last page reconciles on its own.
      table.addCell(totalsCell("", Element.ALIGN_LEFT));
      table.addCell(totalsCell("", Element.ALIGN_LEFT));
      table.addCell(totalsCell(labels.get("totals"), Element.ALIGN_LEFT));
      table.addCell(totalsCell(check.sumIn().format(), Element.ALIGN_RIGHT));
      table.addCell(totalsCell(check.sumOut().format(), Element.ALIGN_RIGHT));
      table.addCell(totalsCell(check.closingBalance().format(), Element.ALIGN_RIGHT));
      table.setComplete(true);
      document.add(table);
    }

    private PdfPCell totalsCell(String text, int alignment) {
      PdfPCell cell = new PdfPCell(new Phrase(text, fonts.totals));
      cell.setBorder(Rectangle.TOP);
      cell.setBorderColor(BRAND);
      cell.setBorderWidth(1);
      cell.setPadding(3);
      cell.setPaddingTop(5);
      cell.setHorizontalAlignment(alignment);
      return cell;
    }

    private PdfPTable newTable() {
      PdfPTable t = new PdfPTable(COLUMN_WIDTHS);
      t.setWidthPercentage(100);
      t.setHeaderRows(1);
      t.setComplete(false);
      String[] keys = {"column.date", "column.reference", "column.description", "column.in", "column.out", "column.balance"};
      for (int i = 0; i < keys.length; i++) {
        PdfPCell cell = new PdfPCell(new Phrase(labels.get(keys[i]), fonts.columnHeading));
        cell.setBackgroundColor(BRAND);
        cell.setBorder(Rectangle.NO_BORDER);
        cell.setPadding(4);
        cell.setPaddingBottom(5);
        cell.setHorizontalAlignment(i >= 3 ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
        t.addCell(cell);
      }
      return t;
    }

    private PdfPCell textCell(String text, Color background) {
      PdfPCell cell = bodyCell(new Phrase(PdfText.sanitize(text), fonts.body), background);
      cell.setHorizontalAlignment(Element.ALIGN_LEFT);
      return cell;
    }

    private PdfPCell amountCell(Money amount, Color background) {
      // Zero in or out is left blank, as bank statements do, so the eye finds the one that moved.
      String text = amount.isZero() ? "" : amount.format();
      PdfPCell cell = bodyCell(new Phrase(text, fonts.body), background);
      cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
      return cell;
    }

    private static PdfPCell bodyCell(Phrase phrase, Color background) {
      PdfPCell cell = new PdfPCell(phrase);
      cell.setBorder(Rectangle.BOTTOM);
      cell.setBorderColor(RULE);
      cell.setBorderWidth(0.5f);
      cell.setUseAscender(true);
      cell.setUseDescender(true);
      cell.setPadding(3);
      cell.setPaddingTop(2.5f);
      if (background != null) {
        cell.setBackgroundColor(background);
      }
      return cell;
    }
  }

  /** The fonts of one document: standard Helvetica in WinAnsi, nothing embedded. */
  private record Fonts(
      BaseFont regular,
      Font brand,
      Font title,
      Font user,
      Font label,
      Font value,
      Font amountBig,
      Font amountBigBold,
      Font columnHeading,
      Font body,
      Font totals,
      Font empty) {

    static Fonts create() throws IOException {
      BaseFont regular = BaseFont.createFont(BaseFont.HELVETICA, BaseFont.CP1252, BaseFont.NOT_EMBEDDED);
      BaseFont bold = BaseFont.createFont(BaseFont.HELVETICA_BOLD, BaseFont.CP1252, BaseFont.NOT_EMBEDDED);
      BaseFont italic = BaseFont.createFont(BaseFont.HELVETICA_OBLIQUE, BaseFont.CP1252, BaseFont.NOT_EMBEDDED);
      return new Fonts(
          regular,
          new Font(bold, 9, Font.NORMAL, BRAND),
          new Font(bold, 17, Font.NORMAL, Color.BLACK),
          new Font(regular, 10.5f, Font.NORMAL, Color.BLACK),
          new Font(regular, 7.5f, Font.NORMAL, MUTED),
          new Font(regular, 9.5f, Font.NORMAL, Color.BLACK),
          new Font(regular, 11, Font.NORMAL, Color.BLACK),
          new Font(bold, 11, Font.NORMAL, BRAND),
          new Font(bold, 7.5f, Font.NORMAL, Color.WHITE),
          new Font(regular, 7.5f, Font.NORMAL, Color.BLACK),
          new Font(bold, 7.5f, Font.NORMAL, Color.BLACK),
          new Font(italic, 9.5f, Font.NORMAL, MUTED));
    }
  }
}
