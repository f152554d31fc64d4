package id.bizpro.bizcash.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Registered users and their wallets. Registering is an upsert by Telegram id that refreshes the
 * username and names (they change) and creates the user's wallet once. Thread-safe.
 */
public final class Users {
  private static final String COLUMNS = "id, telegram_id, username, first_name, last_name, language";
  private final Jdbi jdbi;

  public Users(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public User register(TelegramProfile p) {
    // The common case, a known user with an unchanged profile, is one read in autocommit: one
    // round trip instead of three (BEGIN with the read, the writes, COMMIT).
    return jdbi.withHandle(h -> unchanged(h, p).orElseGet(() -> h.inTransaction(tx -> register(tx, p))));
  }

  /** Registers or refreshes within the caller's transaction. */
  public User register(Handle h, TelegramProfile p) {
    Optional<User> unchanged = unchanged(h, p);
    if (unchanged.isPresent()) {
      return unchanged.get();
    }
    String username = validUsername(p);
    if (username != null) {
      // Telegram moved this username to our user: whoever had it before no longer does.
      h.createUpdate(
              "UPDATE users SET username = NULL, updated_at = now() WHERE lower(username) = lower(:u) AND telegram_id <> :t")
          .bind("u", username)
          .bind("t", p.telegramId())
          .execute();
    }
    User user =
        h.createQuery(
                """
                INSERT INTO users (telegram_id, username, first_name, last_name, telegram_language, language)
                VALUES (:t, :u, :f, :l, :tl, :lang)
                ON CONFLICT (telegram_id) DO UPDATE SET
                    username = excluded.username,
                    first_name = excluded.first_name,
                    last_name = excluded.last_name,
                    telegram_language = excluded.telegram_language,
                    updated_at = now()
                RETURNING """
                    + " "
                    + COLUMNS)
            .bind("t", p.telegramId())
            .bind("u", username)
            .bind("f", firstName(p))
            .bind("l", lastName(p))
            .bind("tl", p.languageCode().orElse(null))
            .bind("lang", Language.fromTelegram(p.languageCode().orElse(null)).code())
            .map((rs, ctx) -> map(rs))
            .one();
    h.createUpdate(
            """
            INSERT INTO accounts (kind, code, user_id) VALUES ('user_available', :code, :u)
            ON CONFLICT DO NOTHING
            """)
        .bind("code", "user:" + user.id())
        .bind("u", user.id())
        .execute();
    return user;
  }

  /**
   * Names are stored cleaned ({@link DisplayNames#namePart}): SQL that builds a display name from
   * these columns (the transfer notification's sender) then never shows bidi controls, invisible
   * characters or an '@' that is not a username, and a search matches the name people see.
   */
  private static String firstName(TelegramProfile p) {
    return DisplayNames.namePart(p.firstName());
  }

  private static String lastName(TelegramProfile p) {
    return p.lastName().map(DisplayNames::namePart).filter(l -> !l.isEmpty()).orElse(null);
  }

  private static String validUsername(TelegramProfile p) {
    return p.username().filter(u -> u.matches("[A-Za-z0-9_]{1,64}")).orElse(null);
  }

  /**
   * The user when it is already registered exactly as {@code p} says, with its wallet. Nearly
   * every update comes from such a user; reading first keeps those updates free of writes: no row
   * lock, and no WAL flush when the caller commits. (When our row already holds the username, the
   * unique index on lower(username) means no one else does, so there is nothing to take over.)
   */
  private static Optional<User> unchanged(Handle h, TelegramProfile p) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM users u WHERE telegram_id = :t"
                + " AND username IS NOT DISTINCT FROM CAST(:u AS text) AND first_name = :f"
                + " AND last_name IS NOT DISTINCT FROM CAST(:l AS text)"
                + " AND telegram_language IS NOT DISTINCT FROM CAST(:tl AS text)"
                + " AND EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id AND a.kind = 'user_available')")
        .bind("t", p.telegramId())
        .bind("u", validUsername(p))
        .bind("f", firstName(p))
        .bind("l", lastName(p))
        .bind("tl", p.languageCode().orElse(null))
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<User> byId(long id) {
    return jdbi.withHandle(h -> byId(h, id));
  }

  public Optional<User> byId(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<User> byTelegramId(long telegramId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE telegram_id = :t")
            .bind("t", telegramId)
            .map((rs, ctx) -> map(rs))
            .findOne());
  }

  /** Exact, case-insensitive username lookup; a leading '@' is ignored. */
  public Optional<User> byUsername(String username) {
    String u = username.strip().replaceFirst("^@", "");
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:u)")
            .bind("u", u)
            .map((rs, ctx) -> map(rs))
            .findOne());
  }

  /**
   * Registered users whose username or name contains {@code text}, best matches first (exact
   * username, username prefix, then other matches), never {@code excludeUserId}; see {@link
   * UserSearch} for the exact rules and why each part is an index scan.
   */
  public List<User> search(String text, long excludeUserId, int limit) {
    return jdbi.withHandle(h -> UserSearch.search(h, text, excludeUserId, limit));
  }

  /** The fewest characters a search (other than an exact username) needs. */
  public static final int SEARCH_MIN_CHARS = 3;

  /**
   * The recipient search a sender may run: at least {@value #SEARCH_MIN_CHARS} characters, and
   * only users who chose to be findable by name or whom the sender exchanged transfers with (in
   * their latest {@value #DEALT_WITH_ENTRIES} wallet entries). An exact username is looked up
   * with {@link #byUsername} and needs neither.
   */
  public List<User> searchFor(String text, long senderId, int limit) {
    String needle = text.strip().replaceFirst("^@", "");
    if (needle.codePointCount(0, needle.length()) < SEARCH_MIN_CHARS) {
      return List.of();
    }
    return jdbi.withHandle(h -> UserSearch.search(h, needle, senderId, limit, java.util.Optional.of(dealtWith(h, senderId))));
  }

  static final int DEALT_WITH_ENTRIES = 1_000;

  /** The users {@code userId} sent to or received from, among their latest wallet entries. */
  static List<Long> dealtWith(Handle h, long userId) {
    return h.createQuery(
            """
            SELECT DISTINCT CASE WHEN t.from_user_id = :u THEN t.to_user_id ELSE t.from_user_id END
            FROM (SELECT e.transfer_id FROM entries e
                  WHERE e.account_id = (SELECT id FROM accounts WHERE user_id = :u AND kind = 'user_available')
                  ORDER BY e.id DESC LIMIT :n) recent
            JOIN transfers t ON t.id = recent.transfer_id AND t.kind = 'p2p'
            """)
        .bind("u", userId)
        .bind("n", DEALT_WITH_ENTRIES)
        .mapTo(Long.class)
        .list();
  }

  /** Whether {@code userId} may be found by name (and partial username) in others' searches. */
  public boolean isFindableByName(Handle h, long userId) {
    return h.createQuery("SELECT findable_by_name FROM users WHERE id = :id").bind("id", userId).mapTo(Boolean.class).one();
  }

  public void setFindableByName(Handle h, long userId, boolean findable) {
    h.createUpdate("UPDATE users SET findable_by_name = :f, updated_at = now() WHERE id = :id")
        .bind("f", findable)
        .bind("id", userId)
        .execute();
  }

  public void setLanguage(long userId, Language language) {
    jdbi.useHandle(h -> setLanguage(h, userId, language));
  }

  /** Within the caller's transaction (the conversation turn that chose the language). */
  public void setLanguage(Handle h, long userId, Language language) {
    h.createUpdate("UPDATE users SET language = :l, updated_at = now() WHERE id = :id")
        .bind("l", language.code())
        .bind("id", userId)
        .execute();
  }

  static User map(ResultSet rs) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getLong("telegram_id"),
        Optional.ofNullable(rs.getString("username")),
        rs.getString("first_name"),
        Optional.ofNullable(rs.getString("last_name")),
        Language.fromCode(rs.getString("language")));
  }
}
