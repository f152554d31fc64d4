package id.bizpro.bizcash.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.Users;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * High availability as the README describes it, on the embedded binaries: a streaming standby made
 * from a file-level copy of the stopped primary (the binaries ship no pg_basebackup), synchronous
 * replication, the primary killed under a write load, the standby promoted. The application's pool
 * on the libpq multi-host DATABASE_URL finds the new primary by itself, and every transfer whose
 * commit was acknowledged before the crash is on it.
 */
class StandbyFailoverTest {
  private static final Ledger.Limits LIMITS = new Ledger.Limits(Money.rupiah(1), Money.rupiah(1_000_000_000_000L));

  @TempDir
  Path dir;

  @Test
  void a_promoted_synchronous_standby_has_every_transfer_whose_commit_was_acknowledged() throws Exception {
    Path primaryData = dir.resolve("primary");
    Path standbyData = dir.resolve("standby");
    int primaryPort = freePort();
    int standbyPort = freePort();

    // The primary, migrated, then stopped cleanly and copied file by file.
    try (EmbeddedPostgres first = server(primaryData, primaryPort, Map.of())) {
      Database.connect(local(primaryPort), 2).close();
    }
    copy(primaryData, standbyData);
    Files.deleteIfExists(standbyData.resolve("postmaster.pid"));
    Files.createFile(standbyData.resolve("standby.signal"));
    Files.writeString(standbyData.resolve("postgresql.auto.conf"),
        "\nprimary_conninfo = 'host=localhost port=" + primaryPort + " user=postgres application_name=standby'\n",
        StandardOpenOption.APPEND);

    // A commit is acknowledged only once the standby has flushed it (synchronous_commit = on).
    EmbeddedPostgres primary = server(primaryData, primaryPort, Map.of("synchronous_standby_names", "standby"));
    try (EmbeddedPostgres standby = server(standbyData, standbyPort, Map.of())) {
      awaitSync(primaryPort);
      DatabaseUrl url = DatabaseUrl.parse("postgres://postgres@localhost:" + primaryPort + ",localhost:" + standbyPort
          + "/postgres?target_session_attrs=read-write&hostRecheckSeconds=1&connectTimeout=2");
      try (Database db = Database.connect(url, 6)) {
        Users users = new Users(db.jdbi());
        Ledger ledger = new Ledger(db.jdbi(), LIMITS);
        List<Long> wallets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          long id = users.register(new TelegramProfile(90_000 + i, Optional.of("ha" + i), "HA", Optional.empty(), Optional.of("id"))).id();
          ledger.execute(new TransferRequest.TopUpCredit("fund-" + i, id, Money.rupiah(1_000_000), Money.ZERO, "TOP-HA" + i));
          wallets.add(id);
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failedAttempts = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
          int worker = w;
          writers.execute(() -> {
            for (int n = 0; !stop.get(); n++) {
              String key = "ha-" + worker + "-" + n;
              long from = wallets.get((worker * 2) % 8);
              long to = wallets.get((worker * 2 + 1) % 8);
              // Retried with the same key until the ledger answers: across the failover a commit
              // may be in doubt, and the key makes the retry safe.
              while (true) {
                try {
                  LedgerResult r = ledger.execute(new TransferRequest.P2p(key, from, to, Money.rupiah(1), Optional.empty()));
                  if (r.succeeded()) {
                    acknowledged.add(key);
                  }
                  break;
                } catch (RuntimeException e) {
                  failedAttempts.incrementAndGet();
                  sleep(200);
                }
              }
            }
          });
        }
        sleep(1_500);
        assertTrue(acknowledged.size() > 10, "the load is running: " + acknowledged.size());

        killPostmaster(primaryData);
        int beforeCrash = acknowledged.size();
        try (Connection c = connect(standbyPort); Statement s = c.createStatement()) {
          ResultSet rs = s.executeQuery("SELECT pg_promote(true, 60)");
          rs.next();
          assertTrue(rs.getBoolean(1), "promoted");
        }
        long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < beforeCrash + 50 && System.nanoTime() < waitUntil) {
          sleep(100);
        }
        stop.set(true);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(failedAttempts.get() > 0, "the crash was felt by the writers");
        assertTrue(acknowledged.size() >= beforeCrash + 50, "writes resumed on the promoted standby: " + acknowledged.size());

        // Every acknowledged transfer is on the new primary, and its books balance.
        try (Connection c = connect(standbyPort); Statement s = c.createStatement()) {
          ResultSet rs = s.executeQuery("SELECT idempotency_key FROM transfers WHERE idempotency_key LIKE 'ha-%'");
          Set<String> stored = ConcurrentHashMap.newKeySet();
          while (rs.next()) {
            stored.add(rs.getString(1));
          }
          List<String> lost = acknowledged.stream().filter(k -> !stored.contains(k)).toList();
          assertEquals(List.of(), lost, "acknowledged but lost");
        }
        assertTrue(new Reconciliation(db.jdbi()).run().holds());
      }
    } finally {
      try {
        primary.close();
      } catch (IOException | RuntimeException alreadyDead) {
        // It was killed above.
      }
    }
  }

  private static EmbeddedPostgres server(Path data, int port, Map<String, String> config) throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("fsync", "off")
        // io.zonky's default is off, which acknowledges commits before anyone has their WAL.
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("wal_level", "replica")
        .setServerConfig("max_wal_senders", "5");
    config.forEach(b::setServerConfig);
    return b.start();
  }

  private static void awaitSync(int primaryPort) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Connection c = connect(primaryPort); Statement s = c.createStatement()) {
      while (System.nanoTime() < until) {
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync' AND state = 'streaming'");
        rs.next();
        if (rs.getInt(1) == 1) {
          return;
        }
        sleep(100);
      }
    }
    throw new AssertionError("the standby never became a synchronous streaming replica");
  }

  /** SIGKILL, as a crashed machine: no shutdown checkpoint, no goodbye to the standby. */
  private static void killPostmaster(Path data) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> children = postmaster.children().toList();
    assertTrue(postmaster.destroyForcibly(), "SIGKILL sent to the primary");
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      postmaster.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the primary did not die", e);
    }
  }

  private static DatabaseUrl local(int port) {
    return new DatabaseUrl("jdbc:postgresql://localhost:" + port + "/postgres", Optional.of("postgres"), Optional.empty());
  }

  private static Connection connect(int port) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
          // PostgreSQL refuses a data directory others may read.
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(f));
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
