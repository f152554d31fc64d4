package id.bizpro.bizcash.bayar;

import static org.junit.jupiter.api.Assertions.assertFalse;

import id.bizpro.bizcash.telegram.BotHarness;
import id.bizpro.bizcash.telegram.FakeTelegram.Call;
import id.bizpro.bizcash.telegram.FakeTelegram.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without a configured provider PPOB is off: no menu button, no /bayar. */
class PpobOffTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  @Test
  void the_menu_has_no_pay_button_and_bayar_is_unknown() {
    Person p = bot.registered("nopay", "id");
    p.send("/balance");
    Call balance = p.expect("Saldo");
    assertFalse(balance.body().path("reply_markup").toString().contains("Bayar"), balance.body().toString());
    p.send("/bayar");
    p.expect("Perintah /bayar tidak aku kenal");
    p.send("/pulsa 081234567890 50000");
    p.expect("Perintah /pulsa tidak aku kenal");
  }
}
