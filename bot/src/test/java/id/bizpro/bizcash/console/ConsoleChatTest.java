package id.bizpro.bizcash.console;

import id.bizpro.bizcash.wiring.LedgerServices;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
      String out2 = run(db, "/pay " + ref.group() + "\n/balance\n/transfer @bob 25000 makan siang\n1\n123456\n123456\n/history\n");
      System.out.println(out1 + out2);
      assertTrue(out2.contains("Terkirim Rp 25.000 ke @bob"), out2);
      assertTrue(out2.contains("[1] ✅ Konfirmasi"), out2);
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
