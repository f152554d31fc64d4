package id.bizpro.bizcash.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.ConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void a_libpq_url_becomes_jdbc_with_credentials_kept_apart() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://bizcash:s%40cret@db.internal:5433/wallet?sslmode=require");
    assertEquals("jdbc:postgresql://db.internal:5433/wallet?sslmode=require", url.jdbcUrl());
    assertEquals(Optional.of("bizcash"), url.user());
    assertEquals(Optional.of("s@cret"), url.password());
    assertFalse(url.toString().contains("s@cret"));
  }

  @Test
  void postgresql_scheme_without_port_or_password_works() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app@localhost/bizcash");
    assertEquals("jdbc:postgresql://localhost/bizcash", url.jdbcUrl());
    assertEquals(Optional.empty(), url.password());
  }

  @Test
  void a_jdbc_url_is_used_as_it_is_and_its_password_is_redacted_in_logs() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=u&password=topsecret");
    assertEquals("jdbc:postgresql://h:5432/db?user=u&password=topsecret", url.jdbcUrl());
    assertFalse(url.redacted().contains("topsecret"));
  }

  @Test
  void malformed_urls_name_the_variable_and_the_problem() {
    var e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse("mysql://x/y"));
    assertTrue(e.getMessage().startsWith("DATABASE_URL: must start with"), e.getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres://host")).getMessage().contains("no database name"));
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres://us er@ho st/db")).getMessage().startsWith("DATABASE_URL"));
  }

  @Test
  void a_libpq_multi_host_url_fails_over_to_whichever_host_is_the_primary() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://bizcash:pw@h1:5432,h2:5432/db?target_session_attrs=read-write");
    assertEquals("jdbc:postgresql://h1:5432,h2:5432/db?targetServerType=primary", url.jdbcUrl());
    assertEquals(Optional.of("bizcash"), url.user());
    assertEquals(Optional.of("pw"), url.password());
  }

  @Test
  void several_hosts_without_target_session_attrs_still_connect_only_to_a_primary() {
    assertEquals("jdbc:postgresql://h1,h2:6432/db?sslmode=require&targetServerType=primary",
        DatabaseUrl.parse("postgresql://app@h1,h2:6432/db?sslmode=require").jdbcUrl());
    assertEquals("jdbc:postgresql://h1:5432,[::1]:5433/db?targetServerType=preferSecondary",
        DatabaseUrl.parse("postgres://h1:5432,[::1]:5433/db?target_session_attrs=prefer-standby").jdbcUrl());
  }

  @Test
  void an_unknown_target_session_attrs_or_an_empty_host_in_the_list_is_refused() {
    assertTrue(assertThrows(ConfigException.class,
        () -> DatabaseUrl.parse("postgres://h1,h2/db?target_session_attrs=master")).getMessage()
        .startsWith("DATABASE_URL: target_session_attrs must be one of"));
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres://h1,/db")).getMessage()
        .contains("invalid host"));
    assertTrue(assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres://h1:99999/db")).getMessage()
        .contains("invalid port"));
  }
}
