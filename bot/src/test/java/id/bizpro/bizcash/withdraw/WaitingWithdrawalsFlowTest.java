package id.bizpro.bizcash.withdraw;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import id.bizpro.bizcash.telegram.WalletMoves;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Withdrawals a user can follow: /withdraw and /balance list those still waiting for payout. */
class WaitingWithdrawalsFlowTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();
  static final WalletMoves moves = new WalletMoves(bot);
  static final Messages messages = new Messages();

  static String due(Withdrawal w, Language l) {
    return messages.date(l, w.dueDate().atTime(12, 0).atZone(Messages.WIB).toInstant());
  }

  @Test
  void withdraw_and_balance_list_the_waiting_withdrawals_with_reference_amount_account_status_and_date() {
    Person ida = bot.registered("ida", "id", 500_000);
    Withdrawal first = moves.withdraw(ida, "1234567890", 100_000);
    Withdrawal paid = moves.withdraw(ida, "1234567890", 60_000);
    moves.pay(paid);
    Withdrawal second = moves.withdraw(ida, "1234567890", 75_000);
    ida.send("/withdraw");
    String shown = ida.expect("Tarik ke rekening mana?").text();
    assertTrue(shown.startsWith("⏳ Penarikan yang menunggu dibayar (2):\n"
        + "• <code>" + first.reference() + "</code> Rp 100.000 ke BCA ••••7890 a.n. Pemilik Rekening · menunggu, paling lambat " + due(first, Language.ID) + "\n"
        + "• <code>" + second.reference() + "</code> Rp 75.000 ke BCA ••••7890 a.n. Pemilik Rekening · menunggu, paling lambat " + due(second, Language.ID)), shown);
    assertFalse(shown.contains(paid.reference()), "a paid withdrawal is not waiting: " + shown);
    ida.send("/balance");
    String balance = ida.expect("Saldo kamu").text();
    assertTrue(balance.contains("Ditahan untuk penarikan: Rp 191.000\n⏳ Penarikan yang menunggu dibayar (2):\n• <code>"
        + first.reference() + "</code> Rp 100.000"), balance);

    Person eve = bot.registered("eve", "en", 200_000);
    eve.send("/withdraw");
    assertFalse(eve.expect("Add one first").text().contains("waiting for payout"), "nothing waiting, no list");
    Withdrawal w = moves.withdraw(eve, "9876543210", 50_000);
    eve.send("/withdraw");
    String en = eve.expect("Withdraw to which account?").text();
    assertTrue(en.startsWith("⏳ Withdrawals waiting for payout (1):\n• <code>" + w.reference()
        + "</code> Rp 50.000 to BCA ••••3210 (holder Pemilik Rekening) · waiting, paid by " + due(w, Language.EN) + " at the latest"), en);
    moves.fail(w);
    eve.send("/balance");
    assertFalse(eve.expect("Your balance").text().contains("waiting for payout"), "a failed withdrawal is not waiting");
  }
}
