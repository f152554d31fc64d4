package id.bizpro.bizcash.webhook.paypage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.config.PaidSettings;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.QrDecoding;
import id.bizpro.bizcash.topup.PayLinks;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.webhook.WebhookApp;
import id.bizpro.bizcash.webhook.WebhookTestKit;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The /pay page in a real browser: {@code bin/screenshot-pay-page} renders it with headless
 * Chromium at phone width in both languages, with every other host unreachable; the screenshot's
 * QR code must decode to the page and the rendered text must be in the asked language. Runs where
 * Debian's {@code chromium} is installed (CI's .ci/run installs it).
 */
@EnabledIf("chromiumInstalled")
class PayPageBrowserTest {
  private static final String BASE = "https://pay.bizcash.example";

  static boolean chromiumInstalled() {
    // CI installs Chromium and sets BIZCASH_REQUIRE_CHROMIUM: there a missing browser fails the
    // run instead of skipping the check.
    if (System.getenv("BIZCASH_REQUIRE_CHROMIUM") != null) {
      return true;
    }
    return new File("/usr/bin/chromium").canExecute();
  }

  @RegisterExtension final WebhookTestKit kit = new WebhookTestKit();
  private final User user = kit.user("tokokita");
  private final PayLinks links = new PayLinks(kit.f.db.jdbi(), kit.orders, MoneyRules.defaults(), PaidSettings.defaults());
  private final Javalin app = WebhookApp.create(kit.f.db, WebhookTestKit.settings(),
      kit.services.withPayPage(new PayPageRoute.Source(links, kit.f.users,
          PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia;Mandiri:1230009876543:PT BizPro Indonesia"), BASE, kit.clock)));

  @Test
  void the_page_renders_at_phone_width_in_both_languages_offline_with_a_readable_qr_code() throws Exception {
    PayLinks.PayLink link = assertInstanceOf(PayLinks.CreateResult.Created.class,
        links.create(user.id(), Money.rupiah(500_000), "Invoice INV-017 · desain logo & <banner>")).link();
    Path out = Path.of("target", "paypage-screenshots");
    JavalinTest.test(app, (server, client) -> {
      Path script = Path.of("..", "bin", "screenshot-pay-page").toAbsolutePath().normalize();
      Process p = new ProcessBuilder(script.toString(), client.getOrigin() + "/pay/" + link.publicId(), out.toString())
          .redirectErrorStream(true).start();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
      assertEquals(0, p.exitValue(), printed);
    });
    for (String lang : new String[] {"id", "en"}) {
      BufferedImage shot = ImageIO.read(out.resolve("pay-" + lang + ".png").toFile());
      assertEquals(390, shot.getWidth(), "phone width");
      byte[] png = Files.readAllBytes(out.resolve("pay-" + lang + ".png"));
      assertEquals(BASE + "/pay/" + link.publicId(), QrDecoding.png(png), "the QR code on screen reads as the link");
      String dom = Files.readString(out.resolve("pay-" + lang + ".html"));
      assertTrue(dom.contains(lang.equals("id") ? "Belum dibayar" : "Unpaid"), dom);
      assertTrue(dom.contains("Invoice INV-017 · desain logo &amp; &lt;banner&gt;"), "the note as text, not markup");
      assertTrue(dom.contains("Rp 500."), dom);
    }
  }
}
