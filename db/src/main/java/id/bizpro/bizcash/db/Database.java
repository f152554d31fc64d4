package id.bizpro.bizcash.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's connection to PostgreSQL: a HikariCP pool, a {@link Jdbi} over it, and — when
 * no {@code DATABASE_URL} is given — the embedded server it owns. Migrations run in {@link #open}.
 * Thread-safe; close once at shutdown.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Optional<EmbeddedDatabase> embedded;

  private Database(HikariDataSource dataSource, Optional<EmbeddedDatabase> embedded) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
  }

  /** Where to find PostgreSQL, and how large a pool to keep. */
  public record Settings(Optional<DatabaseUrl> url, Path dataDir, int poolSize) {}

  /** Connects (starting the embedded server when no URL is given) and migrates the schema. */
  public static Database open(Settings settings) {
    Optional<EmbeddedDatabase> embedded = Optional.empty();
    DatabaseUrl url;
    if (settings.url().isPresent()) {
      url = settings.url().get();
    } else {
      EmbeddedDatabase server = EmbeddedDatabase.start(settings.dataDir());
      embedded = Optional.of(server);
      url = server.url();
    }
    try {
      HikariDataSource ds = pool(url, settings.poolSize());
      migrate(ds);
      log.info("Database ready at {}", url.redacted());
      return new Database(ds, embedded);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      throw e;
    }
  }

  /** For tests and tools that manage the server themselves: pool and migrate an existing URL. */
  public static Database connect(DatabaseUrl url, int poolSize) {
    HikariDataSource ds = pool(url, poolSize);
    migrate(ds);
    return new Database(ds, Optional.empty());
  }

  static HikariDataSource pool(DatabaseUrl url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setPoolName("bizcash");
    config.setConnectionTimeout(10_000);
    // Fail fast at start-up with the driver's own message when the server is not there.
    config.setInitializationFailTimeout(15_000);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "bizcash");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(config);
  }

  /** Applies the Flyway migrations in {@code db/migration}; safe to run from several processes. */
  public static void migrate(DataSource ds) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .validateMigrationNaming(true)
        .load()
        .migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Optional<EmbeddedDatabase> embedded() {
    return embedded;
  }

  /** True when the database answers a trivial query within a second. */
  public boolean isHealthy() {
    try {
      return jdbi.withHandle(
          h -> {
            h.getConnection().setNetworkTimeout(Runnable::run, 1000);
            return h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1;
          });
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
