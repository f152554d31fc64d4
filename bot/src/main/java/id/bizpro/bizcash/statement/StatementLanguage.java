package id.bizpro.bizcash.statement;

import java.util.Locale;

/**
 * The language a statement file is printed in. Indonesian is the default, as everywhere in BizCash;
 * English is for users whose Telegram language is not Indonesian. Immutable and thread-safe.
 */
public enum StatementLanguage {
  ID(Locale.forLanguageTag("id")),
  EN(Locale.ENGLISH);

  private final Locale locale;

  StatementLanguage(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /**
   * Indonesian for an Indonesian locale (including the legacy {@code in} code Java and some
   * clients still use), English for any other, and Indonesian when nothing is known.
   */
  public static StatementLanguage forLocale(Locale locale) {
    if (locale == null || locale.getLanguage().isEmpty()) {
      return ID;
    }
    String language = locale.getLanguage();
    return language.equals("id") || language.equals("in") ? ID : EN;
  }
}
