package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.openpdf.text.Chunk;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.Rectangle;
import org.openpdf.text.SplitCharacter;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.DefaultSplitCharacter;
import org.openpdf.text.pdf.PdfChunk;
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
 * in DejaVu Sans Condensed, embedded ({@link PdfFonts}); characters it lacks are mapped as
 * {@link PdfText} describes, never to "?". An amount and its "Rp" stay on one line, in a smaller
 * size if the column is too narrow for it; a zero balance prints as Rp 0 (only a zero in or out
 * is left blank). Stateless and thread-safe; see {@link StatementWriter} for what a completed file
 * guarantees and what happens when rows do not add up.
 */
public final class PdfStatementWriter implements StatementWriter {
  static final int ROWS_PER_CHUNK = 500;

  private static final Color BRAND = new Color(0x1F, 0x4E, 0x79);
  private static final Color MUTED = new Color(0x5B, 0x66, 0x73);
  private static final Color RULE = new Color(0xD5, 0xDB, 0xE2);
  private static final Color BOX = new Color(0xF2, 0xF5, 0xF9);
  private static final Color ZEBRA = new Color(0xF7, 0xF9, 0xFB);
  /** Percentages; the date column fits "26 Nov 2026 14:05" on one line at 7.5 pt. */
  private static final float[] COLUMN_WIDTHS = {15, 12, 34, 13, 13, 13};
  private static final float PAGE_MARGIN = 36;
  private static final float TABLE_WIDTH = PageSize.A4.getWidth() - 2 * PAGE_MARGIN;
  private static final float CELL_PADDING = 3;
  private static final float BOX_PADDING = 8;
  /** No break anywhere inside an amount: "Rp" and its digits are one word to the layout. */
  private static final SplitCharacter NEVER_SPLIT = (start, current, end, chars, chunks) -> false;
  private static final SplitCharacter KEEP_RUPIAH = new KeepRupiahTogether();

  @Override
  public StatementFormat format() {
    return StatementFormat.PDF;
  }

  @Override
  public void write(StatementHeader header, StatementRows rows, OutputStream out) throws IOException {
    StatementLabels labels = StatementLabels.of(header.language());
    StatementBalanceCheck check = new StatementBalanceCheck(header);
    Fonts fonts = Fonts.create();

    Document document = new Document(PageSize.A4, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, 54);
    PdfWriter writer = PdfWriter.getInstance(document, out);
    writer.setCloseStream(false);
    writer.setFullCompression();
    String identification = fonts.text().printable(
        labels.get("title") + " · " + header.displayName() + " · "
            + labels.period(header.periodStart(), header.periodEnd()));
    writer.setPageEvent(new PdfPageFooter(fonts.regular, labels, identification));
    document.addTitle(identification);
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
    Paragraph user = new Paragraph(fonts.text().printable(labels.user(header)), fonts.user);
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
    cell.setPadding(BOX_PADDING);
    cell.setPaddingTop(5);
    cell.addElement(new Paragraph(label, fonts.label));
    // One point of slack for rounding in the layout.
    float width = TABLE_WIDTH / 4 - 2 * BOX_PADDING - 1;
    Paragraph value = new Paragraph(unbreakable(amount.format(), amountFont, width));
    value.setSpacingBefore(2);
    cell.addElement(value);
    box.addCell(cell);
  }

  /**
   * An amount as one unbreakable chunk, in a smaller size when {@code width} points cannot hold it
   * at the font's own: a total of billions in a narrow column stays readable and on one line.
   */
  static Phrase unbreakable(String text, Font font, float width) {
    float size = font.getSize();
    float natural = font.getBaseFont().getWidthPoint(text, size);
    Font fitted = natural <= width ? font
        : new Font(font.getBaseFont(), size * width / natural, font.getStyle(), font.getColor());
    Chunk chunk = new Chunk(text, fitted);
    chunk.setSplitCharacter(NEVER_SPLIT);
    return new Phrase(chunk);
  }

  /** The width an amount has in table column {@code column}, inside the cell's padding. */
  private static float columnWidth(int column) {
    float total = 0;
    for (float w : COLUMN_WIDTHS) {
      total += w;
    }
    return TABLE_WIDTH * COLUMN_WIDTHS[column] / total - 2 * CELL_PADDING - 1;
  }

  private static Paragraph rightAligned(String text, Font font) {
    Paragraph paragraph = new Paragraph(text, font);
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
      // Zero in or out is left blank, as bank statements do, so the eye finds the one that moved;
      // a zero balance is a fact and prints as Rp 0.
      table.addCell(amountCell(line.in().isZero() ? "" : line.in().format(), 3, background));
      table.addCell(amountCell(line.out().isZero() ? "" : line.out().format(), 4, background));
      table.addCell(amountCell(line.balanceAfter().format(), 5, background));
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
      table.addCell(totalsCell(new Phrase("", fonts.totals), Element.ALIGN_LEFT));
      table.addCell(totalsCell(new Phrase("", fonts.totals), Element.ALIGN_LEFT));
      table.addCell(totalsCell(new Phrase(labels.get("totals"), fonts.totals), Element.ALIGN_LEFT));
      table.addCell(totalsCell(unbreakable(check.sumIn().format(), fonts.totals, columnWidth(3)), Element.ALIGN_RIGHT));
      table.addCell(totalsCell(unbreakable(check.sumOut().format(), fonts.totals, columnWidth(4)), Element.ALIGN_RIGHT));
      table.addCell(totalsCell(unbreakable(check.closingBalance().format(), fonts.totals, columnWidth(5)),
          Element.ALIGN_RIGHT));
      table.setComplete(true);
      document.add(table);
    }

    private PdfPCell totalsCell(Phrase phrase, int alignment) {
      PdfPCell cell = new PdfPCell(phrase);
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
      Chunk chunk = new Chunk(fonts.text().printable(text), fonts.body);
      chunk.setSplitCharacter(KEEP_RUPIAH);
      PdfPCell cell = bodyCell(new Phrase(chunk), background);
      cell.setHorizontalAlignment(Element.ALIGN_LEFT);
      return cell;
    }

    private PdfPCell amountCell(String text, int column, Color background) {
      PdfPCell cell = bodyCell(unbreakable(text, fonts.body, columnWidth(column)), background);
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
      cell.setPadding(CELL_PADDING);
      cell.setPaddingTop(2.5f);
      if (background != null) {
        cell.setBackgroundColor(background);
      }
      return cell;
    }
  }

  /**
   * Breaks lines where OpenPDF would, except at the space of "Rp 8.000" inside running text (a
   * withdrawal's description names its fee), so the amount moves to the next line with its "Rp".
   */
  private static final class KeepRupiahTogether extends DefaultSplitCharacter {
    @Override
    public boolean isSplitCharacter(int start, int current, int end, char[] chars, PdfChunk[] chunks) {
      if (!super.isSplitCharacter(start, current, end, chars, chunks)) {
        return false;
      }
      if (current - 2 < start || current + 1 >= end) {
        return true;
      }
      return !(getCurrentCharacter(current, chars, chunks) == ' '
          && getCurrentCharacter(current - 2, chars, chunks) == 'R'
          && getCurrentCharacter(current - 1, chars, chunks) == 'p'
          && Character.isDigit(getCurrentCharacter(current + 1, chars, chunks)));
    }
  }

  /** The fonts of one document, embedded as subsets; text is mapped onto the regular one. */
  private record Fonts(
      BaseFont regular,
      PdfText text,
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

    static Fonts create() {
      BaseFont regular = PdfFonts.regular();
      BaseFont bold = PdfFonts.bold();
      return new Fonts(
          regular,
          new PdfText(regular),
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
          // OpenPDF slants the regular face, which saves shipping an oblique font for one line.
          new Font(regular, 9.5f, Font.ITALIC, MUTED));
    }
  }
}
