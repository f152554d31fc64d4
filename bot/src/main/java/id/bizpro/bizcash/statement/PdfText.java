package id.bizpro.bizcash.statement;

import java.text.Normalizer;

/**
 * Maps any text onto what the PDF standard fonts can show (Windows-1252 / WinAnsi), so that a
 * name or note typed on a phone never silently vanishes from a statement. Letters with accents
 * outside the set lose the accent ("Şükrü" → "Sükrü"); other letters and digits become "?";
 * emoji, symbols and invisible marks are dropped; line breaks and tabs become spaces. Stateless and
 * thread-safe.
 */
final class PdfText {
  /** The printable characters of Windows-1252 between 0x80 and 0x9F. */
  private static final String CP1252_EXTRAS =
      "\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D"
          + "\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178";

  private PdfText() {}

  static String sanitize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> appendPrintable(out, cp));
    return out.toString().strip().replaceAll(" {2,}", " ");
  }

  static boolean isPrintable(int cp) {
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF) || CP1252_EXTRAS.indexOf(cp) >= 0;
  }

  private static void appendPrintable(StringBuilder out, int cp) {
    if (isPrintable(cp)) {
      out.appendCodePoint(cp);
    } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      out.append(' ');
    } else if (Character.isLetterOrDigit(cp)) {
      String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
      StringBuilder base = new StringBuilder();
      decomposed.codePoints().filter(PdfText::isPrintable).forEach(base::appendCodePoint);
      out.append(base.isEmpty() ? "?" : base);
    }
    // Anything else (emoji, symbols, joiners, variation selectors, controls) is dropped.
  }
}
