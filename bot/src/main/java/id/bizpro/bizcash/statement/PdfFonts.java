package id.bizpro.bizcash.statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.openpdf.text.pdf.BaseFont;

/**
 * The Unicode TrueType fonts statements are printed in: DejaVu Sans Condensed regular and bold
 * (as wide as Helvetica, so table columns hold what they held), shipped in {@code fonts/} with
 * their licence and embedded as subsets (only the glyphs a statement uses), so Indonesian, other
 * Latin scripts, Greek, Cyrillic and common symbols print on any reader. The
 * font files are read once per JVM; each document gets its own {@link BaseFont} objects because
 * OpenPDF's TrueType fonts keep per-document state while they are written. Thread-safe.
 */
final class PdfFonts {
  private static final String REGULAR = "fonts/DejaVuSansCondensed.ttf";
  private static final String BOLD = "fonts/DejaVuSansCondensed-Bold.ttf";

  private PdfFonts() {}

  static BaseFont regular() {
    return create(REGULAR, Files.REGULAR);
  }

  static BaseFont bold() {
    return create(BOLD, Files.BOLD);
  }

  private static BaseFont create(String name, byte[] bytes) {
    try {
      // Identity-H: any Unicode character the font has; not cached, see the class comment.
      return BaseFont.createFont(name, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, bytes, null);
    } catch (IOException e) {
      throw new UncheckedIOException("loading " + name, e);
    }
  }

  /** Lazy holder: the 1.3 MB of font files are read the first time a PDF is made. */
  private static final class Files {
    static final byte[] REGULAR = read(PdfFonts.REGULAR);
    static final byte[] BOLD = read(PdfFonts.BOLD);

    private static byte[] read(String resource) {
      try (InputStream in = PdfFonts.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the classpath");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + resource, e);
      }
    }
  }
}
