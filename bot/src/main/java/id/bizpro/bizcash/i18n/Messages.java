package id.bizpro.bizcash.i18n;

import id.bizpro.bizcash.user.Language;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every user-visible text, from {@code messages.properties} (Indonesian, the default) and {@code
 * messages_en.properties}. Placeholders are {@code {0}}, {@code {1}}… replaced literally — not
 * {@link java.text.MessageFormat}, whose quoting rules would eat the apostrophes of English text.
 * Arguments are inserted as given: callers HTML-escape user input with {@link Html#escape}.
 * Immutable and thread-safe.
 */
public final class Messages {
  /** Indonesian users read times in WIB. */
  public static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

  private final Map<Language, ResourceBundle> bundles = new EnumMap<>(Language.class);
  private final Map<Language, DateTimeFormatter> dateTimes = new EnumMap<>(Language.class);
  private final Map<Language, DateTimeFormatter> dates = new EnumMap<>(Language.class);

  public Messages() {
    this("messages");
  }

  /** The texts of one feature kept in their own bundle pair, e.g. {@code admin_messages}. */
  public Messages(String baseName) {
    var control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    bundles.put(Language.ID, ResourceBundle.getBundle(baseName, Locale.ROOT, control));
    bundles.put(Language.EN, ResourceBundle.getBundle(baseName, Locale.ENGLISH, control));
    for (Language l : Language.values()) {
      dateTimes.put(l, DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'WIB'", l.locale()).withZone(WIB));
      dates.put(l, DateTimeFormatter.ofPattern("d MMM yyyy", l.locale()).withZone(WIB));
    }
  }

  /** The text for {@code key} in {@code language} with {@code {i}} replaced by {@code args[i]}. */
  public String get(Language language, String key, Object... args) {
    String text;
    try {
      text = bundles.get(language).getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("message key missing for " + language + ": " + key, e);
    }
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return text;
  }

  /** True when {@code key} exists (used for optional, per-reason texts). */
  public boolean has(Language language, String key) {
    return bundles.get(language).containsKey(key);
  }

  /** {@code 26 Nov 2026 15:05 WIB}. */
  public String dateTime(Language language, Instant instant) {
    return fixMonth(language, dateTimes.get(language).format(instant));
  }

  /** {@code 26 Nov 2026}. */
  public String date(Language language, Instant instant) {
    return fixMonth(language, dates.get(language).format(instant));
  }

  /** Some JDK locale data write "Sep." or "Agt"; Indonesian readers expect the short CLDR forms. */
  private static String fixMonth(Language language, String formatted) {
    return formatted.replace(".", "");
  }

  public java.util.Set<String> keys(Language language) {
    return bundles.get(language).keySet();
  }
}
