package id.bizpro.bizcash.config;

import id.bizpro.bizcash.money.Money;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validating access to environment variables. Every problem becomes a {@link
 * ConfigException} whose one-line message names the variable; values are quoted only for
 * variables that are not secrets. Immutable and thread-safe.
 */
public final class Env {
  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  /** A value, or empty when unset or blank (a blank setting means "use the default"). */
  public Optional<String> optional(String name) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.strip());
  }

  public String required(String name, String why) {
    return optional(name).orElseThrow(() -> new ConfigException(name, "is required " + why));
  }

  public String string(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  public int integer(String name, int defaultValue, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "must be a whole number, got '" + raw.get() + "'");
    }
  }

  public int port(String name, int defaultValue) {
    return integer(name, defaultValue, 1, 65535);
  }

  /** Whole rupiah, written as digits (dots as thousands separators allowed): {@code 6000}, {@code 6.000}. */
  public Money rupiah(String name, Money defaultValue, Money min) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String digits = raw.get().replace(".", "").replace("_", "");
    if (!digits.matches("\\d{1,15}")) {
      throw new ConfigException(name, "must be whole rupiah as digits (e.g. 6000), got '" + raw.get() + "'");
    }
    Money value = Money.rupiah(Long.parseLong(digits));
    if (value.isLessThan(min)) {
      throw new ConfigException(name, "must be at least " + min.plain() + ", got " + value.plain());
    }
    return value;
  }

  public Duration duration(String name, Duration defaultValue) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String text = raw.get().toLowerCase();
    try {
      if (text.matches("\\d+(ms|s|m|h|d)")) {
        long n = Long.parseLong(text.replaceAll("[a-z]+$", ""));
        String unit = text.replaceAll("^\\d+", "");
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(raw.get().toUpperCase());
    } catch (RuntimeException e) {
      throw new ConfigException(name, "must be a duration such as 24h, 90s or PT24H, got '" + raw.get() + "'");
    }
  }

  public Path path(String name, String defaultValue) {
    String raw = string(name, defaultValue);
    try {
      return Path.of(raw);
    } catch (InvalidPathException e) {
      throw new ConfigException(name, "is not a valid path: " + e.getReason());
    }
  }

  /** An absolute http(s) URL. The value is not echoed: URLs may carry credentials. */
  public Optional<URI> url(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new ConfigException(name, "must be an absolute http:// or https:// URL");
      }
      return Optional.of(uri);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(name, "is not a valid URL");
    }
  }

  /** A comma-separated list of positive whole numbers, such as Telegram user ids. */
  public Set<Long> longSet(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return Set.of();
    }
    Set<Long> out = new LinkedHashSet<>();
    for (String part : raw.get().split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      try {
        long value = Long.parseLong(p);
        if (value <= 0) {
          throw new NumberFormatException();
        }
        out.add(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(name, "must be comma-separated positive numbers, got '" + p + "'");
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** A secret: present or not; a too-short secret is refused without echoing it. */
  public Optional<String> secret(String name, int minLength) {
    Optional<String> raw = optional(name);
    if (raw.isPresent() && raw.get().length() < minLength) {
      throw new ConfigException(name, "is too short (at least " + minLength + " characters)");
    }
    return raw;
  }
}
