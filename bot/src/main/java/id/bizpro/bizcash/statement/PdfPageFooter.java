package id.bizpro.bizcash.statement;

import java.awt.Color;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfPageEventHelper;
import org.openpdf.text.pdf.PdfTemplate;
import org.openpdf.text.pdf.PdfWriter;

/**
 * Prints "Halaman N dari M" and a short identification of the statement at the foot of every
 * page. The total M is not known until the last row has been laid out, so each page shows a
 * shared template that is filled in once, when the document closes: one pass over the rows, as
 * large statements need. Not thread-safe: one instance per document.
 */
final class PdfPageFooter extends PdfPageEventHelper {
  private static final float FONT_SIZE = 7.5f;
  private static final Color INK = new Color(0x55, 0x5F, 0x6B);

  private final BaseFont font;
  private final StatementLabels labels;
  private final String identification;
  private PdfTemplate totalPages;
  private int pages;

  PdfPageFooter(BaseFont font, StatementLabels labels, String identification) {
    this.font = font;
    this.labels = labels;
    // Already made printable in the document's font by the writer.
    this.identification = identification;
  }

  @Override
  public void onOpenDocument(PdfWriter writer, Document document) {
    // Wide enough for a six-digit page count.
    totalPages = writer.getDirectContent().createTemplate(font.getWidthPoint("999999", FONT_SIZE), 10);
  }

  @Override
  public void onEndPage(PdfWriter writer, Document document) {
    pages++;
    PdfContentByte canvas = writer.getDirectContent();
    float left = document.left();
    float right = document.right();
    float ruleY = document.bottom() - 14;
    float textY = ruleY - 11;

    canvas.saveState();
    canvas.setColorStroke(new Color(0xCF, 0xD6, 0xDE));
    canvas.setLineWidth(0.5f);
    canvas.moveTo(left, ruleY);
    canvas.lineTo(right, ruleY);
    canvas.stroke();

    String pageText = labels.fill("page.of", Integer.toString(pages)) + " ";
    canvas.beginText();
    canvas.setFontAndSize(font, FONT_SIZE);
    canvas.setColorFill(INK);
    canvas.showTextAligned(Element.ALIGN_LEFT, pageText, left, textY, 0);
    canvas.showTextAligned(Element.ALIGN_RIGHT, identification, right, textY, 0);
    canvas.endText();
    canvas.addTemplate(totalPages, left + font.getWidthPoint(pageText, FONT_SIZE), textY);
    canvas.restoreState();
  }

  @Override
  public void onCloseDocument(PdfWriter writer, Document document) {
    totalPages.beginText();
    totalPages.setFontAndSize(font, FONT_SIZE);
    totalPages.setColorFill(INK);
    totalPages.setTextMatrix(0, 0);
    totalPages.showText(Integer.toString(pages));
    totalPages.endText();
  }
}
