package id.bizpro.bizcash.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.testing.QrDecoding;
import org.junit.jupiter.api.Test;

class QrCodesTest {
  private static final String URL = "https://bizcash.example.id/pay/Zq3xY_9-abcdEFGHijklMN";

  @Test
  void the_png_decodes_back_to_the_link_and_is_at_least_as_wide_as_asked() throws Exception {
    byte[] png = QrCodes.png(URL, 480);
    assertEquals(URL, QrDecoding.png(png));
    assertTrue(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth() >= 480);
  }

  @Test
  void the_svg_decodes_back_to_the_link_and_references_nothing_outside() {
    String svg = QrCodes.svg(URL);
    assertEquals(URL, QrDecoding.svg(svg));
    assertTrue(!svg.contains("href") && !svg.contains("<script") && !svg.contains("url("), svg);
  }
}
