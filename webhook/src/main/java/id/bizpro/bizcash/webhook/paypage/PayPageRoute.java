package id.bizpro.bizcash.webhook.paypage;

import id.bizpro.bizcash.qr.QrCodes;
import id.bizpro.bizcash.topup.PayLinks;
import id.bizpro.bizcash.topup.PayLinks.PayLink;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * {@code GET /pay/<opaque id>}: the public page of a payment link. A small mobile-first HTML page
 * in Indonesian or English ({@code ?lang=id|en}, else {@code Accept-Language}) that loads nothing
 * from elsewhere (inline CSS, the QR code as inline SVG; a Content-Security-Policy forbids the
 * rest) and shows only the payee's display name, the amount, the note, the status and, while the
 * link is payable, the ways to pay: the Midtrans Snap link when there is one and bank transfer of
 * the exact total (amount + unique code). Every stored text is HTML-escaped. An unknown or
 * malformed id answers 404 with the same page for both. Thread-safe.
 */
public final class PayPageRoute implements Handler {
  public static final String ROUTE = "/pay/{id}";
  private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
  private static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** What the page needs: the links, the payees, BizPro's bank accounts and the public base URL. */
  public record Source(PayLinks links, Users users, List<PayeeAccount> payTo, String publicBaseUrl, Clock clock) {
    public Source {
      payTo = List.copyOf(payTo);
    }
  }

  private final Source source;
  private final ResourceBundle indonesian;
  private final ResourceBundle english;

  public PayPageRoute(Source source) {
    this.source = source;
    ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    indonesian = ResourceBundle.getBundle("paypage_messages", Locale.ROOT, noFallback);
    english = ResourceBundle.getBundle("paypage_messages", Locale.ENGLISH, noFallback);
  }

  /** The page's public address. */
  public static String url(String publicBaseUrl, String publicId) {
    return PayLinks.pageUrl(publicBaseUrl, publicId);
  }

  @Override
  public void handle(Context ctx) {
    boolean english = wantsEnglish(ctx.queryParam("lang"), ctx.header("Accept-Language"));
    ResourceBundle b = english ? this.english : indonesian;
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Robots-Tag", "noindex");
    ctx.header("Vary", "Accept-Language");
    ctx.contentType("text/html; charset=utf-8");
    String id = ctx.pathParam("id");
    Optional<PayLink> link = source.links().byPublicId(id);
    if (link.isEmpty()) {
      ctx.status(404).result(page(english, b.getString("paylink.page.not_found_title"),
          "<p class=\"muted\">" + esc(b.getString("paylink.page.not_found")) + "</p>", Optional.empty()));
      return;
    }
    ctx.status(200).result(render(link.get(), english, b));
  }

  /** English when asked with {@code ?lang=en}, or when Accept-Language prefers English to Indonesian. */
  static boolean wantsEnglish(String lang, String acceptLanguage) {
    if (lang != null && (lang.equalsIgnoreCase("en") || lang.equalsIgnoreCase("id"))) {
      return lang.equalsIgnoreCase("en");
    }
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return false;
    }
    try {
      for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage.length() > 500
          ? acceptLanguage.substring(0, 500) : acceptLanguage)) {
        String tag = r.getRange().toLowerCase(Locale.ROOT);
        if (tag.startsWith("id") || tag.startsWith("in")) {
          return false;
        }
        if (tag.startsWith("en")) {
          return true;
        }
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
    return false;
  }

  private String render(PayLink link, boolean english, ResourceBundle b) {
    TopUpOrder o = link.order();
    String payee = source.users().byId(o.userId()).flatMap(User::displayName).orElse("BizCash");
    String status;
    String statusClass;
    boolean payable = link.isPayable(source.clock().instant());
    if (link.isPaid()) {
      status = b.getString("paylink.page.status.paid");
      statusClass = "paid";
    } else if (payable) {
      status = b.getString("paylink.page.status.open");
      statusClass = "open";
    } else if (o.status() == TopUpOrder.Status.CANCELLED) {
      status = b.getString("paylink.page.status.cancelled");
      statusClass = "closed";
    } else {
      status = b.getString("paylink.page.status.expired");
      statusClass = "closed";
    }
    StringBuilder body = new StringBuilder();
    body.append("<p class=\"muted\">").append(esc(b.getString("paylink.page.heading"))).append("</p>")
        .append("<h1>").append(esc(payee)).append("</h1>")
        .append("<p class=\"amount\" id=\"amount\">").append(esc(o.total().format())).append("</p>")
        .append("<p class=\"status ").append(statusClass).append("\" id=\"status\">").append(esc(status)).append("</p>")
        .append("<dl>");
    if (!link.note().isBlank()) {
      body.append("<dt>").append(esc(b.getString("paylink.page.note"))).append("</dt><dd id=\"note\">")
          .append(esc(link.note())).append("</dd>");
    }
    body.append("<dt>").append(esc(b.getString("paylink.page.reference"))).append("</dt><dd><code>")
        .append(esc(o.reference())).append("</code></dd></dl>");
    if (link.isPaid()) {
      body.append("<p>").append(esc(b.getString("paylink.page.paid_detail"))).append("</p>");
    } else if (!payable) {
      body.append("<p>").append(esc(b.getString("paylink.page.closed_detail"))).append("</p>");
    } else {
      DateTimeFormatter f = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'WIB'", english ? Locale.ENGLISH : Locale.forLanguageTag("id"));
      body.append("<p class=\"muted\">").append(esc(b.getString("paylink.page.expires")
          .replace("{date}", f.format(o.expiresAt().atZone(WIB))))).append("</p>");
      body.append("<h2>").append(esc(b.getString("paylink.page.ways"))).append("</h2>");
      o.paymentUrl().filter(u -> u.startsWith("https://") || u.startsWith("http://")).ifPresent(u ->
          body.append("<p><a class=\"button\" id=\"snap\" rel=\"noopener noreferrer\" href=\"").append(esc(u)).append("\">")
              .append(esc(b.getString("paylink.page.snap"))).append("</a></p>"));
      body.append("<h3>").append(esc(b.getString("paylink.page.bank"))).append("</h3><p>")
          .append(esc(b.getString("paylink.page.bank_exact").replace("{total}", o.total().format())
              .replace("{code}", o.uniqueCode().format()))).append("</p><ul class=\"banks\">");
      for (PayeeAccount a : source.payTo()) {
        body.append("<li><b>").append(esc(a.bankName())).append("</b> <code>").append(esc(a.accountNumber()))
            .append("</code><br><span class=\"muted\">")
            .append(esc(b.getString("paylink.page.bank_holder").replace("{holder}", a.holderName())))
            .append("</span></li>");
      }
      body.append("</ul>");
    }
    String url = url(source.publicBaseUrl(), link.publicId());
    body.append("<figure class=\"qr\">").append(QrCodes.svg(url)).append("<figcaption class=\"muted\">")
        .append(esc(b.getString("paylink.page.qr"))).append("</figcaption></figure>");
    return page(english, b.getString("paylink.page.title").replace("{payee}", payee), body.toString(),
        Optional.of(link.publicId()));
  }

  private String page(boolean english, String title, String body, Optional<String> publicId) {
    ResourceBundle b = english ? this.english : indonesian;
    String other = publicId.map(id -> "<p class=\"lang\"><a href=\"/pay/" + esc(id) + "?lang=" + (english ? "id" : "en")
        + "\">" + esc(b.getString("paylink.page.other_language")) + "</a></p>").orElse("");
    return "<!doctype html><html lang=\"" + (english ? "en" : "id") + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><meta name=\"referrer\" content=\"no-referrer\">"
        + "<title>" + esc(title) + "</title><style>" + STYLE + "</style></head><body><main>"
        + other + body + "<footer class=\"muted\">" + esc(b.getString("paylink.page.footer")) + "</footer>"
        + "</main></body></html>";
  }

  private static final String STYLE = """
      *{box-sizing:border-box}body{margin:0;background:#f3f5f8;color:#1b2330;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
      main{max-width:480px;margin:0 auto;padding:20px 16px 32px;background:#fff;min-height:100vh}
      h1{font-size:1.35rem;margin:0 0 8px;word-break:break-word}h2{font-size:1.1rem;margin:24px 0 8px}h3{font-size:1rem;margin:16px 0 4px}
      .muted{color:#5b6675;font-size:.9rem}.amount{font-size:2rem;font-weight:700;margin:8px 0}
      .status{display:inline-block;padding:4px 12px;border-radius:999px;font-weight:600;margin:0 0 12px}
      .status.open{background:#fff4d6;color:#7a5300}.status.paid{background:#dff5e3;color:#166a2a}.status.closed{background:#eceff3;color:#4a5563}
      dl{margin:8px 0}dt{font-size:.85rem;color:#5b6675}dd{margin:0 0 8px;word-break:break-word}
      code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95rem}
      .button{display:block;text-align:center;background:#0b63ce;color:#fff;padding:14px;border-radius:10px;text-decoration:none;font-weight:600}
      ul.banks{list-style:none;padding:0;margin:8px 0}ul.banks li{padding:10px 12px;border:1px solid #dde3ea;border-radius:10px;margin:0 0 8px}
      .qr{margin:24px auto 8px;max-width:240px;text-align:center}.qr svg{width:100%;height:auto;display:block}
      .lang{text-align:right;margin:0 0 8px;font-size:.9rem}footer{margin-top:24px;text-align:center}
      """;

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
