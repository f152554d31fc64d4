package id.bizpro.bizcash.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import id.bizpro.bizcash.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Names stored before registration cleaned them are cleaned by V95 the way {@link DisplayNames}
 * cleans new ones: a user without a username can no longer be shown as "@alice", and no bidi
 * control or invisible character survives in a stored name.
 */
class CleanStoredNamesMigrationTest {
  @Test
  void names_stored_before_v95_lose_bidi_controls_invisible_characters_and_a_leading_at() throws Exception {
    String name = "v95_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    String server = "jdbc:postgresql://localhost:" + TestDatabase.port() + "/";
    try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "");
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    Flyway.configure().dataSource(server + name, "postgres", "").locations("classpath:db/migration")
        .target("94").load().migrate();
    try (Connection c = DriverManager.getConnection(server + name, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO users (telegram_id, username, first_name, last_name) VALUES "
          + "(1, NULL, '@alice', NULL), "
          + "(2, NULL, 'Ma' || chr(8238) || 'llory' || chr(8203), chr(8203) || ' '), "
          + "(3, 'bob', 'Bob  ' || chr(10) || 'Builder', 'Smith' || chr(65279))");

      Flyway.configure().dataSource(server + name, "postgres", "").locations("classpath:db/migration").load().migrate();

      try (ResultSet rs = st.executeQuery("SELECT first_name, last_name FROM users ORDER BY telegram_id")) {
        rs.next();
        assertEquals(DisplayNames.namePart("@alice"), rs.getString(1));
        assertEquals("alice", rs.getString(1));
        rs.next();
        assertEquals(DisplayNames.namePart("Ma\u202Ellory\u200B"), rs.getString(1));
        assertNull(rs.getString(2));
        rs.next();
        assertEquals("Bob Builder", rs.getString(1));
        assertEquals("Smith", rs.getString(2));
      }
    }
  }
}
