package id.bizpro.bizcash.i18n;

/** Telegram HTML parse mode helpers. Stateless. */
public final class Html {
  private Html() {}

  /** Escapes text a user typed (names, notes) so that it shows as typed and cannot inject markup. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A value the user may want to copy: a reference or an amount, shown tap-to-copy. */
  public static String code(String text) {
    return "<code>" + escape(text) + "</code>";
  }
}
