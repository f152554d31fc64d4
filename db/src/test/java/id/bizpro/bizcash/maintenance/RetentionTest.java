package id.bizpro.bizcash.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.testing.LedgerFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** Rows that grow with traffic go once nothing needs them, and not a moment earlier. */
class RetentionTest {
  private static final MaintenanceSettings DEFAULTS = MaintenanceSettings.defaults();

  @Test
  void an_update_id_inside_the_redelivery_window_is_kept_and_one_past_it_is_pruned() {
    try (LedgerFixture f = new LedgerFixture()) {
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO processed_updates (update_id, processed_at) VALUES
            (1, now() - interval '72 hours'), (2, now() - interval '48 hours 1 minute'),
            (3, now() - interval '47 hours 59 minutes'), (4, now() - interval '1 hour'), (5, now())"""));
      Retention retention = new Retention(f.db.jdbi(), DEFAULTS);
      assertEquals(2, retention.prune().processedUpdates());
      assertEquals(List.of(3L, 4L, 5L), updateIds(f));
      // A redelivery of a kept id is still recognised: the claim inserts nothing.
      int claimed = f.db.jdbi().withHandle(h ->
          h.execute("INSERT INTO processed_updates (update_id) VALUES (3) ON CONFLICT DO NOTHING"));
      assertEquals(0, claimed);
      assertEquals(0, retention.prune().total());
      assertEquals(List.of(3L, 4L, 5L), updateIds(f));
    }
  }

  @Test
  void a_large_backlog_goes_in_batches_and_only_the_old_part_of_it() {
    try (LedgerFixture f = new LedgerFixture()) {
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO processed_updates (update_id, processed_at)
          SELECT g, now() - interval '3 days' + g * interval '1 second' FROM generate_series(1, 2500) g
          UNION ALL SELECT 10000 + g, now() - interval '1 day' FROM generate_series(1, 700) g"""));
      assertEquals(2500, new Retention(f.db.jdbi(), DEFAULTS).prune().processedUpdates());
      assertEquals(700, updateIds(f).size());
      assertTrue(updateIds(f).stream().allMatch(id -> id > 10_000));
    }
  }

  @Test
  void confirm_buttons_go_a_week_after_they_expired_whatever_became_of_them() {
    try (LedgerFixture f = new LedgerFixture()) {
      long user = f.user("ana").id();
      f.db.jdbi().useHandle(h -> {
        for (String row : List.of("'CONFIRMED', now() - interval '8 days'", "'PENDING', now() - interval '8 days'",
            "'EXPIRED', now() - interval '6 days'", "'PENDING', now() + interval '5 minutes'")) {
          h.execute("INSERT INTO pending_actions (user_id, kind, payload, status, expires_at) VALUES (?, 'p2p', '{}', " + row + ")", user);
        }
      });
      assertEquals(2, new Retention(f.db.jdbi(), DEFAULTS).prune().pendingActions());
      assertEquals(List.of("EXPIRED", "PENDING"), f.db.jdbi().withHandle(h ->
          h.createQuery("SELECT status FROM pending_actions ORDER BY id").mapTo(String.class).list()));
    }
  }

  @Test
  void idle_chats_go_after_the_retention_but_not_one_a_turn_is_holding() throws Exception {
    try (LedgerFixture f = new LedgerFixture()) {
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO conversations (chat_id, state, updated_at) VALUES
            (-100, NULL, now() - interval '31 days'), (7, '{"type":"x"}', now() - interval '40 days'),
            (8, NULL, now() - interval '31 days'), (9, NULL, now() - interval '29 days')"""));
      Retention retention = new Retention(f.db.jdbi(), DEFAULTS);
      try (Handle turn = f.db.jdbi().open()) {
        turn.begin();
        turn.createQuery("SELECT chat_id FROM conversations WHERE chat_id = 8 FOR UPDATE").mapTo(Long.class).one();
        assertEquals(2, retention.prune().conversations());
        turn.rollback();
      }
      assertEquals(List.of(8L, 9L), chats(f));
      assertEquals(1, retention.prune().conversations());
      assertEquals(List.of(9L), chats(f));
    }
  }

  @Test
  void rate_limit_counters_of_users_silent_for_days_are_dropped() {
    try (LedgerFixture f = new LedgerFixture()) {
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO update_rate (telegram_id, window_start, updates) VALUES
            (1, now() - interval '3 days', 4), (2, now() - interval '1 hour', 1)"""));
      assertEquals(1, new Retention(f.db.jdbi(), DEFAULTS).prune().updateRates());
      assertEquals(List.of(2L), f.db.jdbi().withHandle(h ->
          h.createQuery("SELECT telegram_id FROM update_rate").mapTo(Long.class).list()));
    }
  }

  @Test
  void refused_unauthenticated_requests_go_after_their_retention_and_every_accepted_callback_stays() {
    try (LedgerFixture f = new LedgerFixture()) {
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO webhook_callbacks (provider, event_key, accepted, raw_body, outcome, http_status, body_bytes,
                                         body_sha256, received_at) VALUES
            ('payments', 'forged-old', false, '{"x":', 'rejected', 401, 61440, 'aa', now() - interval '91 days'),
            ('payments', 'forged-new', false, '{"x":', 'rejected', 401, 61440, 'bb', now() - interval '89 days')"""));
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO webhook_callbacks (provider, event_key, accepted, raw_body, outcome, http_status, received_at) VALUES
            ('payments', 'accepted-old', true, '{"event_id":"e1"}', 'credited', 200, now() - interval '400 days'),
            ('payments', 'signed-refusal-old', false, '{"event_id":"e2"}', 'rejected', 422, now() - interval '400 days')"""));
      f.db.jdbi().useHandle(h -> h.execute("""
          INSERT INTO webhook_callbacks (provider, event_key, accepted, raw_body, outcome, http_status, body_bytes,
                                         body_sha256, received_at, needs_review) VALUES
            ('payments', 'forged-under-review', false, '{"x":', 'rejected', 401, 10, 'cc', now() - interval '200 days', true)"""));

      assertEquals(1, new Retention(f.db.jdbi(), DEFAULTS).prune().refusedCallbacks());
      assertEquals(List.of("accepted-old", "forged-new", "forged-under-review", "signed-refusal-old"),
          f.db.jdbi().withHandle(h -> h.createQuery("SELECT event_key FROM webhook_callbacks ORDER BY 1")
              .mapTo(String.class).list()));
      assertEquals(0, new Retention(f.db.jdbi(), DEFAULTS).prune().refusedCallbacks(), "nothing more to prune");
    }
  }

  @Test
  void retention_settings_are_read_from_the_environment_and_a_window_shorter_than_telegrams_is_refused() {
    MaintenanceSettings s = MaintenanceSettings.fromEnv(new Env(Map.of(
        "PROCESSED_UPDATES_RETENTION", "72h", "CONVERSATION_RETENTION", "10d",
        "PENDING_ACTIONS_RETENTION", "2d", "RECONCILE_FULL_EVERY", "6h", "REFUSED_CALLBACKS_RETENTION", "30d")));
    assertEquals(new MaintenanceSettings(Duration.ofHours(72), Duration.ofDays(10), Duration.ofDays(2), Duration.ofHours(6),
        Duration.ofDays(30)), s);
    assertEquals(DEFAULTS, MaintenanceSettings.fromEnv(new Env(Map.of())));
    assertEquals(Duration.ofHours(48), DEFAULTS.processedUpdatesRetention());
    var e = assertThrows(ConfigException.class,
        () -> MaintenanceSettings.fromEnv(new Env(Map.of("PROCESSED_UPDATES_RETENTION", "12h"))));
    assertTrue(e.getMessage().startsWith("PROCESSED_UPDATES_RETENTION: must be at least 24h"), e.getMessage());
  }

  private static List<Long> updateIds(LedgerFixture f) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT update_id FROM processed_updates ORDER BY 1").mapTo(Long.class).list());
  }

  private static List<Long> chats(LedgerFixture f) {
    return f.db.jdbi().withHandle(h -> h.createQuery("SELECT chat_id FROM conversations ORDER BY 1").mapTo(Long.class).list());
  }

  @Test
  void inline_offers_that_never_held_money_go_after_a_week_and_those_that_did_stay() {
    try (LedgerFixture f = new LedgerFixture()) {
      long ana = f.user("ana").id();
      f.db.jdbi().useHandle(h -> {
        h.execute("INSERT INTO inline_sends (code, sender_id, amount, created_at) VALUES ('oldoffer1', ?, 5000, now() - interval '8 days')", ana);
        h.execute("INSERT INTO inline_sends (code, sender_id, amount, created_at, status, closed_at)"
            + " VALUES ('oldwithdrawn', ?, 5000, now() - interval '9 days', 'withdrawn', now() - interval '9 days')", ana);
        h.execute("INSERT INTO inline_sends (code, sender_id, amount, created_at) VALUES ('newoffer1', ?, 5000, now() - interval '6 days')", ana);
      });
      assertEquals(2, new Retention(f.db.jdbi(), DEFAULTS).prune().inlineOffers());
      assertEquals(List.of("newoffer1"), f.db.jdbi().withHandle(h ->
          h.createQuery("SELECT code FROM inline_sends ORDER BY code").mapTo(String.class).list()));
    }
  }
}
