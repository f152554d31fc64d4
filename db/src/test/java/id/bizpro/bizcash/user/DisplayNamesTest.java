package id.bizpro.bizcash.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayNamesTest {

  @Test
  void bidi_controls_and_invisible_characters_are_removed_and_whitespace_collapsed() {
    String every = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C"
        + "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u3164\u115F\u1160\uFFA0\u034F\u180E\u2800\uDB40\uDC41";
    assertEquals("Budi Santoso", DisplayNames.clean(every + " Bu" + every + "di \t\n\u00A0 San\u0000toso " + every));
    assertEquals("Şükrü Wijaya 🚀", DisplayNames.clean("Şükrü  Wijaya 🚀"));
    assertEquals("", DisplayNames.clean(null));
  }

  @Test
  void only_a_username_is_shown_with_an_at_sign_and_an_invisible_name_is_empty() {
    assertEquals(Optional.of("@budi_s"), DisplayNames.of(Optional.of("budi_s"), "\u202EBudi", Optional.empty()));
    assertEquals(Optional.of("alice"), DisplayNames.of(Optional.empty(), " @＠\u200B@alice", Optional.empty()));
    assertEquals(Optional.of("Budi Santoso"), DisplayNames.of(Optional.empty(), "Budi\u200B", Optional.of("\u2066Santoso")));
    assertEquals(Optional.empty(), DisplayNames.of(Optional.empty(), "\u3164\u200B", Optional.of("\u202E")));
    assertEquals(Optional.of("Bob"), DisplayNames.of(Optional.of("not a username"), "Bob", Optional.empty()));
  }

  @Test
  void a_name_built_by_sql_keeps_a_real_username_and_is_cleaned_otherwise() {
    assertEquals(Optional.of("@alice"), DisplayNames.ofShown("@alice"));
    assertEquals(Optional.of("Budi Santoso"), DisplayNames.ofShown("\u202EBudi Santoso\u200F"));
    assertEquals(Optional.of("alice smith"), DisplayNames.ofShown("@alice smith"));
    assertEquals(Optional.empty(), DisplayNames.ofShown("\uFEFF"));
  }
}
