package id.bizpro.bizcash.user;

import java.util.Locale;

/** The languages the bot speaks. Indonesian is the default. */
public enum Language {
  ID(Locale.forLanguageTag("id-ID")),
  EN(Locale.ENGLISH);

  private final Locale locale;

  Language(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  public String code() {
    return name().toLowerCase();
  }

  public static Language fromCode(String code) {
    return "en".equals(code) ? EN : ID;
  }

  /** Indonesian for Indonesian (or unknown) Telegram languages, English for every other. */
  public static Language fromTelegram(String languageCode) {
    if (languageCode == null || languageCode.isBlank() || languageCode.toLowerCase().startsWith("id")) {
      return ID;
    }
    return EN;
  }
}
