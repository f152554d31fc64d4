package id.bizpro.bizcash.statement;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.Locale;
import org.openpdf.text.pdf.BaseFont;

/**
 * Makes any text printable in one embedded font, so that a name or note typed on a phone never
 * prints as "?" or silently vanishes from a statement. Works on user-perceived characters
 * (grapheme clusters): one the font can draw is kept as typed; a letter whose accent the font
 * lacks keeps its base letter; anything else the font cannot draw — an emoji with all its
 * modifiers, a CJK character — becomes one {@value #PLACEHOLDER}, so the reader sees that
 * something was there. Line breaks and tabs become spaces; invisible marks (joiners, variation
 * selectors, bidi controls) are dropped. Immutable; thread-safe as long as the font is only read.
 */
final class PdfText {
  /** White square: in DejaVu Sans, and the usual look of a character a font lacks. */
  static final String PLACEHOLDER = "\u25A1";

  private final BaseFont font;

  PdfText(BaseFont font) {
    this.font = font;
  }

  String printable(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(composed.length());
    BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
    clusters.setText(composed);
    for (int start = clusters.first(), end = clusters.next(); end != BreakIterator.DONE;
        start = end, end = clusters.next()) {
      appendCluster(out, composed.substring(start, end));
    }
    return out.toString().strip().replaceAll(" {2,}", " ");
  }

  private void appendCluster(StringBuilder out, String cluster) {
    int first = cluster.codePointAt(0);
    if (Character.isWhitespace(first) || Character.isSpaceChar(first) || Character.isISOControl(first)) {
      out.append(' ');
      return;
    }
    StringBuilder visible = new StringBuilder();
    cluster.codePoints().filter(cp -> !isInvisible(cp)).forEach(visible::appendCodePoint);
    if (visible.isEmpty()) {
      return;
    }
    if (visible.codePoints().allMatch(font::charExists)) {
      out.append(visible);
      return;
    }
    // A letter with marks the font cannot stack: keep what it can draw of the decomposed form
    // ("ệ" without a glyph prints as "e"), if that leaves the letter itself.
    String decomposed = Normalizer.normalize(visible, Normalizer.Form.NFKD);
    int base = decomposed.codePointAt(0);
    if (Character.isLetterOrDigit(base) && font.charExists(base)) {
      decomposed.codePoints()
          .filter(cp -> font.charExists(cp) && (cp == base || Character.getType(cp) == Character.NON_SPACING_MARK))
          .forEach(out::appendCodePoint);
      return;
    }
    out.append(PLACEHOLDER);
  }

  /** Format characters and modifiers that draw nothing on their own. */
  private static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.FORMAT // ZWJ, ZWNJ, bidi controls, tags, soft hyphen
        || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
        || (cp >= 0xE0100 && cp <= 0xE01EF)
        || (cp >= 0x1F3FB && cp <= 0x1F3FF); // skin tones: part of the emoji's placeholder
  }
}
