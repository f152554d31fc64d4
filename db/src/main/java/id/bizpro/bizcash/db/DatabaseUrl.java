package id.bizpro.bizcash.db;

import id.bizpro.bizcash.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL location parsed from {@code DATABASE_URL}: either the libpq / Heroku form {@code
 * postgres://user:pass@host:port/db?sslmode=require} or a JDBC URL {@code jdbc:postgresql://…}.
 * Credentials are kept apart from the URL so that the URL can be logged. Immutable.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {
  static final String VARIABLE = "DATABASE_URL";

  public static DatabaseUrl parse(String raw) {
    String value = raw.strip();
    if (value.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(value, Optional.empty(), Optional.empty());
    }
    if (!(value.startsWith("postgres://") || value.startsWith("postgresql://"))) {
      throw new ConfigException(
          VARIABLE, "must start with postgres://, postgresql:// or jdbc:postgresql://");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(VARIABLE, "is not a valid URL (" + e.getReason() + ")");
    }
    if (uri.getHost() == null) {
      throw new ConfigException(VARIABLE, "has no host name");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.length() <= 1) {
      throw new ConfigException(VARIABLE, "has no database name (…/dbname)");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(path);
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = Optional.of(decode(parts[0]));
      if (parts.length == 2) {
        password = Optional.of(decode(parts[1]));
      }
    }
    return new DatabaseUrl(jdbc.toString(), user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The JDBC URL with any password query parameter masked, safe to log. */
  public String redacted() {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public String toString() {
    return "DatabaseUrl[" + redacted() + ", user=" + user.orElse("-") + "]";
  }
}
