package id.bizpro.bizcash.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Reads QR codes back (ZXing's reader) from a PNG or from the page's inline SVG, for tests. */
public final class QrDecoding {
  private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
  private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

  private QrDecoding() {}

  /** The text of the QR code in a PNG image. */
  public static String png(byte[] png) {
    try {
      return image(ImageIO.read(new ByteArrayInputStream(png)));
    } catch (IOException e) {
      throw new AssertionError("not an image", e);
    }
  }

  /** The text of the QR code drawn by an SVG of one path of unit squares ({@code QrCodes.svg}). */
  public static String svg(String svg) {
    Matcher box = VIEW_BOX.matcher(svg);
    if (!box.find()) {
      throw new AssertionError("no viewBox in " + svg.substring(0, Math.min(200, svg.length())));
    }
    int scale = 8;
    int w = Integer.parseInt(box.group(1));
    BufferedImage image = new BufferedImage(w * scale, w * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < w * scale; y++) {
      for (int x = 0; x < w * scale; x++) {
        image.setRGB(x, y, 0xFFFFFF);
      }
    }
    Matcher m = MODULE.matcher(svg);
    while (m.find()) {
      int mx = Integer.parseInt(m.group(1));
      int my = Integer.parseInt(m.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          image.setRGB(mx * scale + dx, my * scale + dy, 0);
        }
      }
    }
    return image(image);
  }

  private static String image(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    try {
      return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels))),
          Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    } catch (Exception e) {
      throw new AssertionError("no readable QR code", e);
    }
  }
}
