package id.bizpro.bizcash.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import id.bizpro.bizcash.money.Money;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvTest {
  private static String problem(Map<String, String> vars, java.util.function.Consumer<Env> read) {
    return assertThrows(ConfigException.class, () -> read.accept(new Env(vars))).getMessage();
  }

  @Test
  void defaults_apply_when_a_variable_is_unset_or_blank() {
    Env env = new Env(Map.of("HTTP_PORT", "  "));
    assertEquals(8080, env.port("HTTP_PORT", 8080));
    assertEquals(MoneyRules.defaults(), MoneyRules.fromEnv(env));
  }

  @Test
  void fees_limits_and_holidays_are_read_from_the_environment() {
    MoneyRules r = MoneyRules.fromEnv(new Env(Map.of("TOPUP_FEE", "5.000", "WITHDRAWAL_FEE", "0", "TOPUP_ORDER_TTL", "2h",
        "HOLIDAYS", "2026-12-25, 2027-01-01", "TOPUP_UNIQUE_CODE", "off")));
    assertEquals(Money.rupiah(5_000), r.topUpFee());
    assertEquals(Money.ZERO, r.withdrawalFee());
    assertEquals(Duration.ofHours(2), r.orderTtl());
    assertFalse(r.uniqueCode());
    assertEquals(2, r.calendar().holidays().size());
  }

  @Test
  void each_malformed_setting_is_named_with_what_is_wrong() {
    assertEquals("HTTP_PORT: must be a whole number, got 'eighty'", problem(Map.of("HTTP_PORT", "eighty"), e -> e.port("HTTP_PORT", 8080)));
    assertEquals("HTTP_PORT: must be between 1 and 65535, got 70000", problem(Map.of("HTTP_PORT", "70000"), e -> e.port("HTTP_PORT", 8080)));
    assertEquals("TOPUP_FEE: must be whole rupiah as digits (e.g. 6000), got '6,5'", problem(Map.of("TOPUP_FEE", "6,5"), MoneyRules::fromEnv));
    assertEquals("TOPUP_MIN: is greater than TOPUP_MAX", problem(Map.of("TOPUP_MIN", "50000", "TOPUP_MAX", "20000"), MoneyRules::fromEnv));
    assertEquals("TOPUP_ORDER_TTL: must be a duration such as 24h, 90s or PT24H, got 'soon'", problem(Map.of("TOPUP_ORDER_TTL", "soon"), MoneyRules::fromEnv));
    assertEquals("TOPUP_UNIQUE_CODE: must be on or off, got 'maybe'", problem(Map.of("TOPUP_UNIQUE_CODE", "maybe"), MoneyRules::fromEnv));
    assertEquals("ADMIN_TELEGRAM_IDS: must be comma-separated positive numbers, got 'bob'", problem(Map.of("ADMIN_TELEGRAM_IDS", "1, bob"), e -> e.longSet("ADMIN_TELEGRAM_IDS")));
  }

  @Test
  void a_short_secret_is_refused_without_echoing_it() {
    String message = problem(Map.of("MOOTA_SECRET", "abc"), e -> e.secret("MOOTA_SECRET", 8));
    assertEquals("MOOTA_SECRET: is too short (at least 8 characters)", message);
    assertFalse(message.contains("abc"));
  }

  @Test
  void admin_ids_are_a_set_of_numbers() {
    assertEquals(Set.of(11L, 22L), new Env(Map.of("ADMIN_TELEGRAM_IDS", "11,22,")).longSet("ADMIN_TELEGRAM_IDS"));
  }
}
