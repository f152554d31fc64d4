package id.bizpro.bizcash.db;

import id.bizpro.bizcash.config.ConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL location parsed from {@code DATABASE_URL}: either the libpq / Heroku form {@code
 * postgres://user:pass@host:port/db?sslmode=require} — also with several hosts, {@code
 * postgres://user@h1:5432,h2:5432/db?target_session_attrs=read-write}, as a managed PostgreSQL or
 * Patroni hands out for failover — or a JDBC URL {@code jdbc:postgresql://…}. Credentials are kept
 * apart from the URL so that the URL can be logged. Immutable.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {
  static final String VARIABLE = "DATABASE_URL";

  // scheme://[userinfo@]hosts/dbname[?query]; hosts is a comma-separated list of host[:port].
  private static final Pattern LIBPQ =
      Pattern.compile("(?:postgres|postgresql)://(?:([^@/?]*)@)?([^/?]*)(/[^?]*)?(?:\\?(.*))?");
  private static final Pattern HOST =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?");

  /**
   * libpq's {@code target_session_attrs} in pgjdbc's words ({@code targetServerType}). libpq's
   * "read-only" also accepts a primary in read-only mode; pgjdbc's "secondary" is the closest.
   */
  private static final Map<String, String> TARGET_SESSION_ATTRS =
      Map.of(
          "any", "any",
          "read-write", "primary",
          "primary", "primary",
          "read-only", "secondary",
          "standby", "secondary",
          "prefer-standby", "preferSecondary");

  public static DatabaseUrl parse(String raw) {
    String value = raw.strip();
    if (value.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(value, Optional.empty(), Optional.empty());
    }
    if (!(value.startsWith("postgres://") || value.startsWith("postgresql://"))) {
      throw new ConfigException(
          VARIABLE, "must start with postgres://, postgresql:// or jdbc:postgresql://");
    }
    Matcher m = LIBPQ.matcher(value);
    if (!m.matches()) {
      throw new ConfigException(VARIABLE, "is not a valid URL");
    }
    String hosts = hosts(m.group(2));
    String path = m.group(3) == null ? "" : m.group(3);
    if (path.length() <= 1) {
      throw new ConfigException(VARIABLE, "has no database name (…/dbname)");
    }
    if (path.indexOf('/', 1) >= 0 || path.contains(" ")) {
      throw new ConfigException(VARIABLE, "has an invalid database name");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hosts).append(path);
    String query = query(m.group(4));
    if (hosts.contains(",") && !query.contains("targetServerType=")) {
      // The bot writes on every turn: with several hosts, a standby is never the right choice,
      // whatever libpq's default ("any") would pick.
      query = query.isEmpty() ? "targetServerType=primary" : query + "&targetServerType=primary";
    }
    if (!query.isEmpty()) {
      jdbc.append('?').append(query);
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (m.group(1) != null && !m.group(1).isEmpty()) {
      String[] parts = m.group(1).split(":", 2);
      user = Optional.of(decode(parts[0]));
      if (parts.length == 2) {
        password = Optional.of(decode(parts[1]));
      }
    }
    return new DatabaseUrl(jdbc.toString(), user, password);
  }

  /** Checks each host[:port] of a comma-separated list; host names are not secret and are named. */
  private static String hosts(String list) {
    if (list.isEmpty()) {
      throw new ConfigException(VARIABLE, "has no host name");
    }
    List<String> out = new ArrayList<>();
    for (String host : list.split(",", -1)) {
      Matcher h = HOST.matcher(host);
      if (!h.matches()) {
        throw new ConfigException(VARIABLE, "has an invalid host '" + host + "'");
      }
      if (h.group(1) != null && (Integer.parseInt(h.group(1)) < 1 || Integer.parseInt(h.group(1)) > 65535)) {
        throw new ConfigException(VARIABLE, "has an invalid port in '" + host + "'");
      }
      out.add(host);
    }
    return String.join(",", out);
  }

  /** Passes parameters through, translating libpq's target_session_attrs for pgjdbc. */
  private static String query(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (String param : raw.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      String[] kv = param.split("=", 2);
      if (kv[0].equals("target_session_attrs")) {
        String attrs = kv.length == 2 ? decode(kv[1]) : "";
        String type = TARGET_SESSION_ATTRS.get(attrs);
        if (type == null) {
          throw new ConfigException(
              VARIABLE, "target_session_attrs must be one of " + String.join(", ", TARGET_SESSION_ATTRS.keySet().stream().sorted().toList()));
        }
        out.add("targetServerType=" + type);
      } else {
        out.add(param);
      }
    }
    return String.join("&", out);
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
