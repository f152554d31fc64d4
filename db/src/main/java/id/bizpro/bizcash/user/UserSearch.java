package id.bizpro.bizcash.user;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/**
 * The recipient search, shaped so that every part of it is an index scan whose cost depends on
 * what it returns, not on how many users there are (issue 16: a sequential scan took ~280 ms with
 * 1,000,000 users). Stateless and thread-safe.
 *
 * <p>What it returns, best first: the user whose username is exactly the text, then usernames that
 * start with it (in byte order, at most {@code limit} of them), then users whose username or name
 * contains it, in alphabetical order of username, else name — the same users and order as the
 * former sequential scan whenever at most {@link #CONTAINS_CANDIDATES} users contain the text (the
 * former scan put users without a username first; now they follow the username matches). A text
 * contained in more users than that is not a search a person finishes with a list of ten: the
 * username matches still come first, the rest from the first {@value #CONTAINS_CANDIDATES} found.
 *
 * <p>"Contains" needs trigrams: a text without three letters or digits in a row (such as "bo" or
 * "a b") would make the trigram index read every entry, so such a text matches the beginning of
 * a username or of the name instead, from the prefix indexes.
 *
 * <p>Plans: the statements are never prepared on the server (pgjdbc's prepare threshold 0 for
 * them), so PostgreSQL plans each search with its values, which costs ~1 ms and is what makes the
 * trigram index safe: a generic plan does not know the pattern and, for 50,000 users, chose a
 * sequential scan "until 200 rows are found" — the whole table for a rare name. The prefix bounds
 * are written as ranges ({@code ~>=~}, {@code ~<~}, text_pattern_ops) rather than {@code LIKE
 * 'x%'} so that they stay index ranges even in a generic plan (a LIKE on a parameter scanned the
 * whole prefix index: 400 ms with a million users). {@code UserSearchTest} checks the plans.
 */
final class UserSearch {
  /** At most this many "contains" matches are read and ordered per search. */
  static final int CONTAINS_CANDIDATES = 200;

  /** Above every character of a name (U+10FFFF): the exclusive end of a prefix range. */
  private static final String AFTER_ANY_CHARACTER = new String(Character.toChars(0x10FFFF));

  private static final String COLUMNS = "id, telegram_id, username, first_name, last_name, language";
  private static final String NAME = "lower(first_name || ' ' || coalesce(last_name, ''))";

  /**
   * Who may be found by a search rather than an exact username: users who chose to be findable by
   * name, and users in {@code :dealt} (those the searcher exchanged transfers with).
   */
  static final String FINDABLE = " AND (findable_by_name OR id = ANY(:dealt))";

  // Usernames are [a-z0-9_] once lowered, all below U+007F: [needle, needle + U+007F) is exactly
  // the usernames that start with the needle.
  private static String usernamePrefix(String filter) {
    return "(SELECT " + COLUMNS + " FROM users WHERE username IS NOT NULL"
        + " AND lower(username) ~>=~ :needle AND lower(username) ~<~ :usernameEnd AND id <> :me" + filter
        + " ORDER BY lower(username) USING ~<~ LIMIT :limit)";
  }

  private static final String ORDER =
      """
      ) m
      ORDER BY lower(username) = :needle DESC NULLS LAST, lower(username) ~>=~ :needle AND lower(username) ~<~ :usernameEnd DESC NULLS LAST,
               lower(coalesce(username, first_name)), id
      LIMIT :limit
      """;

  private static String containsSql(String filter) {
    return "SELECT " + COLUMNS + " FROM (\n" + usernamePrefix(filter) + "\nUNION\n"
        + "(SELECT " + COLUMNS + " FROM users WHERE id <> :me" + filter
        + " AND (lower(username) LIKE :like OR " + NAME + " LIKE :like) LIMIT " + CONTAINS_CANDIDATES + ")\n"
        + ORDER;
  }

  private static String prefixSql(String filter) {
    return "SELECT " + COLUMNS + " FROM (\n" + usernamePrefix(filter) + "\nUNION\n"
        + "(SELECT " + COLUMNS + " FROM users WHERE " + NAME + " ~>=~ :needle AND " + NAME + " ~<~ :nameEnd"
        + " AND id <> :me" + filter + " ORDER BY " + NAME + " USING ~<~ LIMIT :limit)\n"
        + ORDER;
  }

  static final String CONTAINS_SQL = containsSql("");
  static final String PREFIX_SQL = prefixSql("");
  static final String CONTAINS_FINDABLE_SQL = containsSql(FINDABLE);
  static final String PREFIX_FINDABLE_SQL = prefixSql(FINDABLE);

  /** Keeps the statement unnamed: PostgreSQL then makes a custom plan for every execution. */
  private static final StatementCustomizer PLANNED_WITH_ITS_VALUES = new StatementCustomizer() {
    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  };

  private UserSearch() {}

  static List<User> search(Handle h, String text, long excludeUserId, int limit) {
    return search(h, text, excludeUserId, limit, java.util.Optional.empty());
  }

  /**
   * As {@link #search(Handle, String, long, int)}, limited to findable users and {@code dealt}
   * when given.
   */
  static List<User> search(Handle h, String text, long excludeUserId, int limit, java.util.Optional<List<Long>> dealt) {
    String needle = text.strip().replaceFirst("^@", "").toLowerCase();
    if (needle.isEmpty()) {
      return List.of();
    }
    boolean contains = hasTrigram(needle);
    String sql = dealt.isPresent()
        ? (contains ? CONTAINS_FINDABLE_SQL : PREFIX_FINDABLE_SQL)
        : (contains ? CONTAINS_SQL : PREFIX_SQL);
    var query = h.createQuery(sql)
        .bind("me", excludeUserId)
        .bind("needle", needle)
        .bind("usernameEnd", needle + '\u007f')
        .bind("limit", limit)
        .addCustomizer(PLANNED_WITH_ITS_VALUES);
    dealt.ifPresent(ids -> query.bindArray("dealt", Long.class, ids));
    if (contains) {
      query.bind("like", "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    } else {
      query.bind("nameEnd", needle + AFTER_ANY_CHARACTER);
    }
    return query.map((rs, ctx) -> Users.map(rs)).list();
  }

  /** True when pg_trgm finds a whole trigram in the text: three letters or digits in a row. */
  static boolean hasTrigram(String needle) {
    int run = 0;
    for (int i = 0; i < needle.length(); ) {
      int c = needle.codePointAt(i);
      run = Character.isLetterOrDigit(c) ? run + 1 : 0;
      if (run >= 3) {
        return true;
      }
      i += Character.charCount(c);
    }
    return false;
  }
}
