package id.bizpro.bizcash.webhook.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RefusalLimiterTest {

  @Test
  void an_address_gets_its_budget_then_a_retry_after_and_other_addresses_are_not_affected() {
    RefusalLimiter limiter = new RefusalLimiter(30);
    for (int i = 0; i < 30; i++) {
      assertTrue(limiter.tryRefuse("198.51.100.7").isEmpty(), "refusal " + i);
    }
    OptionalLong wait = limiter.tryRefuse("198.51.100.7");
    assertTrue(wait.isPresent());
    assertTrue(wait.getAsLong() >= 1 && wait.getAsLong() <= 2, "one refusal refills every 2 s: " + wait);
    assertTrue(limiter.tryRefuse("198.51.100.8").isEmpty());
  }

  @Test
  void an_attacker_rotating_addresses_cannot_grow_the_state_past_its_bound() {
    RefusalLimiter limiter = new RefusalLimiter(30, 1_000);
    for (int i = 0; i < 50_000; i++) {
      limiter.tryRefuse("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    }
    assertEquals(1_000, limiter.addresses());
    assertEquals(10_000, RefusalLimiter.MAX_ADDRESSES);
  }
}
