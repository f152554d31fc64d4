package id.bizpro.bizcash.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferencesTest {

  @Test
  void a_top_up_reference_is_the_prefix_a_hyphen_and_six_unambiguous_characters() {
    String reference = new References().next(References.TOP_UP);

    assertTrue(reference.matches("TOP-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}"), reference);
    assertTrue(References.isWellFormed(References.TOP_UP, reference));
  }

  @Test
  void a_withdrawal_reference_starts_with_wd() {
    String reference = new References().next(References.WITHDRAWAL);

    assertTrue(reference.matches("WD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}"), reference);
  }

  @Test
  void the_alphabet_has_thirty_distinct_characters_and_no_look_alikes() {
    assertEquals(30, References.ALPHABET.length());
    assertEquals(30, References.ALPHABET.chars().distinct().count());
    for (char lookAlike : "01OILU".toCharArray()) {
      assertEquals(-1, References.ALPHABET.indexOf(lookAlike), () -> "contains " + lookAlike);
    }
  }

  @Test
  void a_seeded_generator_gives_repeatable_references() {
    References first = new References(new SplittableRandom(42));
    References second = new References(new SplittableRandom(42));

    assertEquals(first.next("TOP"), second.next("TOP"));
  }

  @Test
  void uses_every_character_of_the_alphabet_about_equally_often() {
    References references = new References(new SplittableRandom(1));
    Map<Character, Integer> counts = new HashMap<>();
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      String code = references.next("WD").substring(3);
      for (char c : code.toCharArray()) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    double expected = draws * 6.0 / 30;
    assertEquals(30, counts.size());
    counts.forEach(
        (c, count) ->
            assertTrue(Math.abs(count - expected) < expected * 0.1, () -> c + " drawn " + count));
  }

  @Test
  void secure_references_do_not_repeat_in_a_small_sample() {
    References references = new References();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      seen.add(references.next("TOP"));
    }
    assertEquals(1_000, seen.size());
  }

  @Test
  void is_safe_to_share_between_threads_even_with_a_generator_that_is_not() throws Exception {
    References references = new References(new SplittableRandom(3));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> tasks =
          IntStream.range(0, 4)
              .<Future<?>>mapToObj(
                  t ->
                      pool.submit(
                          () -> {
                            for (int i = 0; i < 2_000; i++) {
                              String reference = references.next("TOP");
                              assertTrue(References.isWellFormed("TOP", reference), reference);
                              seen.add(reference);
                            }
                          }))
              .toList();
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    }
    // 8.000 draws from 729 million codes: a repeat here would mean a shared, corrupted state.
    assertEquals(8_000, seen.size());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"top", "TOP-", "T0P", "TOOLONGPREFIX", "TÖP", "W D"})
  void refuses_to_make_a_reference_with_a_malformed_prefix(String prefix) {
    assertThrows(IllegalArgumentException.class, () -> new References().next(prefix));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TOP-8K2QX", "TOP-8K2QX77", "TOP8K2QX7", "TOP_8K2QX7", "top-8K2QX7", "TOP-8k2qx7",
        " TOP-8K2QX7", "TOP-8K2QX0", "TOP-8K2QXO", "TOP-8K2QX1", "TOP-8K2QXI", "TOP-8K2QXL",
        "TOP-8K2QXU", "WD-3M9ZQ1", "TOPS-8K2QX7", "", "TOP-8K2QX\u0667"
      })
  void is_strict_about_what_is_well_formed(String reference) {
    assertFalse(References.isWellFormed("TOP", reference));
  }

  @Test
  void nothing_is_well_formed_for_a_null_or_malformed_prefix() {
    assertFalse(References.isWellFormed("TOP", null));
    assertFalse(References.isWellFormed(null, "TOP-8K2QX7"));
    assertFalse(References.isWellFormed("top", "top-8K2QX7"));
    assertTrue(References.isWellFormed("WD", "WD-3M9ZQ2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOP-8K2QX7", "top-8k2qx7", "  Top-8K2qx7 \n", "\tTOP-8K2QX7"})
  void normalises_lowercase_and_surrounding_space(String typed) {
    assertEquals(Optional.of("TOP-8K2QX7"), References.normalise("TOP", typed));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"TOP 8K2QX7", "top-8k2qxo", "WD-3M9ZQ2", "TOP-8K2 QX7", "TOP-8K2QX7X"})
  void normalising_refuses_what_is_still_not_a_reference(String typed) {
    assertEquals(Optional.empty(), References.normalise("TOP", typed));
  }

  @Test
  void normalising_is_independent_of_the_default_locale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals(Optional.of("WD-HJK234"), References.normalise("WD", "wd-hjk234"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void draws_exactly_one_number_per_character_from_the_generator() {
    RandomGenerator sequence =
        new RandomGenerator() {
          private int next;

          @Override
          public long nextLong() {
            throw new AssertionError("nextInt(bound) is enough");
          }

          @Override
          public int nextInt(int bound) {
            return next++ % bound;
          }
        };

    assertEquals("TOP-234567", new References(sequence).next("TOP"));
  }

  @Test
  void two_draws_in_a_row_differ() {
    References references = new References(new SplittableRandom(9));
    assertNotEquals(references.next("TOP"), references.next("TOP"));
  }
}
