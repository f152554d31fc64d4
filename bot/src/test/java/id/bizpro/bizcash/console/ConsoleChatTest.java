package id.bizpro.bizcash.console;

import id.bizpro.bizcash.wiring.LedgerServices;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleChatTest {
  @Test
  void a_newcomer_can_top_up_pay_and_transfer_in_the_terminal() throws Exception {
    try (Database db = TestDatabase.fresh(6)) {
      String first = "/as bob\n/start\n/as alice\n/start\n/topup 100000\n";
      String out1 = run(db, first);
      Matcher ref = Pattern.compile("TOP-[A-Z0-9]{6}").matcher(out1);
      assertTrue(ref.find(), out1);
      String out2 = run(db, "/pay " + ref.group() + "\n/balance\n/transfer @bob 25000 makan siang\n1\n480726\n480726\n/history\n"
          + "/statement\n1\n1\n");
      System.out.println(out1 + out2);
      assertTrue(out2.contains("Terkirim Rp 25.000 ke @bob"), out2);
      assertTrue(out2.contains("[1] ✅ Konfirmasi"), out2);
      // Alice's own notification prints as a message; Bob's, as what Bob would receive.
      assertTrue(out2.contains("\n✅ Top-up " + ref.group() + " berhasil: Rp 100."), out2);
      assertTrue(out2.contains("\n(to @bob) 💸 Kamu menerima Rp 25.000 dari @alice\nBerita: makan siang"), out2);
      // The statement is saved under statements/<username>/.
      Matcher file = Pattern.compile("📎 (\\S*statements/alice/mutasi-bizcash-alice-\\S+\\.pdf)").matcher(out2);
      assertTrue(file.find(), out2);
      Path saved = Path.of(file.group(1));
      assertTrue(Files.size(saved) > 1000, saved.toString());
      Files.delete(saved);
      try {
        Files.deleteIfExists(saved.getParent());
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // someone else's statements are there too: leave them
      }
      // Already delivered: a later session does not print them again.
      String out3 = run(db, "/balance\n");
      assertFalse(out3.contains("(to @bob)"), out3);
    }
  }

  @Test
  void the_simulated_provider_sells_a_pulsa_and_a_pln_token_labelled_as_a_simulation() throws Exception {
    try (Database db = TestDatabase.fresh(6)) {
      String out1 = run(db, "/as sari\n/start\n/topup 200000\n");
      Matcher ref = Pattern.compile("TOP-[A-Z0-9]{6}").matcher(out1);
      assertTrue(ref.find(), out1);
      String out2 = run(db, "/as sari\n/pay " + ref.group() + "\n/pulsa 081234567890 50000\n1\n580274\n580274\n"
          + "/bayar\n3\n12345678901\n1\n1\n580274\n/history\n");
      System.out.println(out2);
      assertTrue(out2.contains("Mode simulasi"), out2);
      assertTrue(out2.contains("Tujuan: 081234567890 (Telkomsel)"), out2);
      assertTrue(Pattern.compile("✅ Pembelian PPOB-[A-Z0-9]{6} berhasil: Telkomsel 50.000").matcher(out2).find(), out2);
      assertTrue(out2.contains("Nama: PELANGGAN SIMULASI"), out2);
      assertTrue(Pattern.compile("⚡ Token: \\d{4}-\\d{4}-\\d{4}-\\d{4}-\\d{4}").matcher(out2).find(), out2);
      assertTrue(out2.contains("🔁 Beli lagi"), out2);
    }
  }

  private static String run(Database db, String input) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    new ConsoleChat(LedgerServices.over(db.jdbi(), MoneyRules.defaults(), Clock.systemUTC(), java.util.Set.of()), PayeeAccount.placeholder(), out)
        .run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
