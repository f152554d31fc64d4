package id.bizpro.bizcash.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.user.TelegramProfile;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
  @TempDir Path dataDir;

  private static final Ledger.Limits LIMITS = new Ledger.Limits(Money.rupiah(1_000), Money.rupiah(20_000_000));

  @Test
  void balances_survive_stopping_and_starting_again_on_the_same_data_directory() {
    Database.Settings settings = new Database.Settings(Optional.empty(), dataDir, 4);
    long aliceId;
    try (Database db = Database.open(settings)) {
      Users users = new Users(db.jdbi());
      Ledger ledger = new Ledger(db.jdbi(), LIMITS);
      User alice = users.register(new TelegramProfile(1L, Optional.of("alice"), "Alice", Optional.empty(), Optional.of("id")));
      User bob = users.register(new TelegramProfile(2L, Optional.of("bob"), "Bob", Optional.empty(), Optional.of("en")));
      aliceId = alice.id();
      ledger.execute(new TransferRequest.TopUpCredit("t1", alice.id(), Money.rupiah(100_000), Money.rupiah(6_000), "TOP-1"));
      assertTrue(ledger.execute(new TransferRequest.P2p("p1", alice.id(), bob.id(), Money.rupiah(25_000), Optional.of("sewa"))).succeeded());
    }

    try (Database db = Database.open(settings)) {
      Ledger ledger = new Ledger(db.jdbi(), LIMITS);
      Users users = new Users(db.jdbi());
      assertEquals(Money.rupiah(75_000), ledger.balanceOf(aliceId).orElseThrow());
      assertEquals(Money.rupiah(25_000), ledger.balanceOf(users.byUsername("@bob").orElseThrow().id()).orElseThrow());
      // The retried request after restart is still recognised.
      var retry = ledger.execute(new TransferRequest.P2p("p1", aliceId, users.byUsername("bob").orElseThrow().id(), Money.rupiah(25_000), Optional.of("sewa")));
      assertTrue(retry instanceof LedgerResult.AlreadyDone, retry.toString());
      assertTrue(new Reconciliation(db.jdbi()).run().holds());
    }
  }

  @Test
  void a_second_process_on_the_same_data_directory_gets_a_clear_error() throws Exception {
    try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir)) {
      String java = ProcessHandle.current().info().command().orElse("java");
      // Output to a file: a full pipe would block the child and make the wait below time out.
      Path log = Files.createTempFile("second-process", ".log");
      Process second =
          new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                  SecondProcess.class.getName(), dataDir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished;
      try {
        finished = second.waitFor(120, TimeUnit.SECONDS);
      } finally {
        second.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      assertTrue(finished, "second process finished: " + output);
      assertEquals(3, second.exitValue(), output);
      assertTrue(output.contains("is in use by another BizCash process"), output);
      assertTrue(first.url().jdbcUrl().contains(String.valueOf(first.port())));
    }
  }

  /** Runs in a child JVM: tries to start on a data directory another process holds. */
  public static final class SecondProcess {
    public static void main(String[] args) {
      try (EmbeddedDatabase db = EmbeddedDatabase.start(new File(args[0]).toPath())) {
        System.out.println("started, which is wrong");
        System.exit(0);
      } catch (EmbeddedDatabase.DataDirectoryInUseException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }
}
