package id.bizpro.bizcash.testing;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL 17 server per test JVM, and a fresh, fully migrated database for each caller
 * (cloned from a migrated template, so it takes milliseconds). Thread-safe.
 */
public final class TestDatabase {
  private static final AtomicInteger counter = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        DataSource admin = server.getPostgresDatabase();
        exec(admin, "CREATE DATABASE bizcash_template");
        Database.migrate(server.getDatabase("postgres", "bizcash_template"));
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // The JVM is exiting.
    }
  }

  /** A new empty, migrated database and a pool of {@code poolSize} connections to it. */
  public static Database fresh(int poolSize) {
    return Database.connect(freshUrl(), poolSize);
  }

  public static Database fresh() {
    return fresh(10);
  }

  /** A new empty, migrated database that the caller connects to itself. */
  public static DatabaseUrl freshUrl() {
    EmbeddedPostgres pg = server();
    String name = "test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
    synchronized (TestDatabase.class) {
      // CREATE DATABASE … TEMPLATE needs the template to have no other sessions: serialize clones.
      exec(pg.getPostgresDatabase(), "CREATE DATABASE " + name + " TEMPLATE bizcash_template");
    }
    return new DatabaseUrl(
        "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name, Optional.of("postgres"), Optional.empty());
  }

  public static int port() {
    return server().getPort();
  }

  private static void exec(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
