package id.bizpro.bizcash.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class P2pTransfersTest {
  @Test
  void a_committed_transfer_has_exactly_one_notification_for_the_recipient() {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      f.fund(alice, 100_000);
      f.fund(bob, 100_000);
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);

      assertInstanceOf(LedgerResult.Done.class, p2p.send("k1", alice.id(), bob.id(), Money.rupiah(25_000), Optional.of("makan siang")));
      assertInstanceOf(LedgerResult.AlreadyDone.class, p2p.send("k1", alice.id(), bob.id(), Money.rupiah(25_000), Optional.of("makan siang")));
      assertInstanceOf(LedgerResult.InsufficientFunds.class, p2p.send("k2", alice.id(), bob.id(), Money.rupiah(999_000), Optional.empty()));

      var rows = f.db.jdbi().withHandle(h -> h.createQuery("SELECT chat_id, kind, params::text FROM outbox")
          .map((rs, ctx) -> Map.of("chat", rs.getLong(1), "kind", rs.getString(2), "params", rs.getString(3))).list());
      assertEquals(1, rows.size(), rows.toString());
      assertEquals(bob.telegramId(), rows.get(0).get("chat"));
      String params = (String) rows.get(0).get("params");
      assertTrue(params.contains("\"from\": \"@alice\""), params);
      assertTrue(params.contains("\"note\": \"makan siang\""), params);
      assertTrue(params.contains("\"balance\": 125000"), params);
    }
  }
}
