package id.bizpro.bizcash.webhook.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PlatformKeysTest {
  @Test
  void two_keys_for_rotation_with_their_scopes_and_no_secret_in_any_text() {
    PlatformKeys keys = PlatformKeys.parse("old:0123456789abcdefOLD, new:0123456789abcdefNEW:balances");
    assertEquals(Set.of("old", "new"), keys.ids());
    assertEquals(Set.of(), keys.byId("old").orElseThrow().scopes());
    assertEquals(Set.of("balances"), keys.byId("new").orElseThrow().scopes());
    assertFalse(keys.toString().contains("0123456789abcdef"), keys.toString());
    assertFalse(keys.byId("new").orElseThrow().toString().contains("0123456789abcdef"));
  }

  @Test
  void bad_entries_are_refused_naming_the_entry_never_the_secret() {
    for (String bad : new String[] {"", "nosecret", "k:short", "k:0123456789abcdefSECRET:admin",
        "k:0123456789abcdefSECRET,k:0123456789abcdefOTHER", "bad id:0123456789abcdefSECRET"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlatformKeys.parse(bad), bad);
      assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
      assertTrue(e.getMessage().startsWith("PLATFORM_API_KEYS"), e.getMessage());
    }
  }
}
