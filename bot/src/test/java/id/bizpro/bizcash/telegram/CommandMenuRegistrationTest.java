package id.bizpro.bizcash.telegram;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command menus, sent through the real Bot API client when long polling starts. */
class CommandMenuRegistrationTest {
  @RegisterExtension static final BotHarness bot = new BotHarness();

  @Test
  void commands_are_registered_in_indonesian_and_english_at_start() {
    FakeTelegram.Person ani = bot.registered("ani", "id");
    ani.send("/help"); // once answered, start-up's requests have been made
    ani.expect("Yang bisa kamu lakukan");
    var menus = bot.telegram.calls().stream().filter(c -> c.method().equals("setmycommands")).toList();
    assertTrue(menus.stream().anyMatch(c -> c.body().path("language_code").asText().equals("id")
        && c.body().path("commands").toString().contains("Kirim BizCash")));
    assertTrue(menus.stream().anyMatch(c -> c.body().path("language_code").asText().equals("en")
        && c.body().path("commands").toString().contains("Send BizCash")));
  }
}
