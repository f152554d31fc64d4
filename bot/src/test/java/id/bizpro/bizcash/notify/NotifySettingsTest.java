package id.bizpro.bizcash.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifySettingsTest {
  @Test
  void unset_variables_take_telegrams_documented_limits() {
    assertEquals(NotifySettings.DEFAULTS, NotifySettings.fromEnv(new Env(Map.of())));
    assertEquals(30, NotifySettings.DEFAULTS.globalRatePerSecond());
    assertEquals(1, NotifySettings.DEFAULTS.chatRatePerSecond());
    assertEquals(Duration.ofDays(7), NotifySettings.DEFAULTS.retention());
  }

  @Test
  void rates_and_retention_are_read_from_the_environment() {
    NotifySettings s = NotifySettings.fromEnv(new Env(Map.of(
        "TELEGRAM_GLOBAL_RATE_PER_SECOND", "20", "TELEGRAM_CHAT_RATE_PER_SECOND", "2",
        "TELEGRAM_CHAT_BURST", "4", "OUTBOX_RETENTION", "3d", "OUTBOX_POLL_INTERVAL", "500ms")));
    assertEquals(20, s.globalRatePerSecond());
    assertEquals(2, s.chatRatePerSecond());
    assertEquals(4, s.chatBurst());
    assertEquals(Duration.ofDays(3), s.retention());
    assertEquals(Duration.ofMillis(500), s.pollInterval());
  }

  @Test
  void a_malformed_setting_is_refused_naming_the_variable() {
    assertEquals("TELEGRAM_GLOBAL_RATE_PER_SECOND", assertThrows(ConfigException.class,
        () -> NotifySettings.fromEnv(new Env(Map.of("TELEGRAM_GLOBAL_RATE_PER_SECOND", "0")))).variable());
    assertEquals("TELEGRAM_CHAT_RATE_PER_SECOND", assertThrows(ConfigException.class,
        () -> NotifySettings.fromEnv(new Env(Map.of("TELEGRAM_CHAT_RATE_PER_SECOND", "fast")))).variable());
    assertEquals("OUTBOX_RETENTION", assertThrows(ConfigException.class,
        () -> NotifySettings.fromEnv(new Env(Map.of("OUTBOX_RETENTION", "10m")))).variable());
  }
}
