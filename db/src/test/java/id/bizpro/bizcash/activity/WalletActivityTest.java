package id.bizpro.bizcash.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalletActivityTest {
  @Test
  void history_pages_newest_first_with_counterparties_notes_and_banks() {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      f.fund(alice, 200_000);
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);
      for (int i = 1; i <= 12; i++) {
        p2p.send("h" + i, alice.id(), bob.id(), Money.rupiah(1_000L * i), Optional.of("catatan " + i));
      }
      BankAccounts accounts = new BankAccounts(f.db.jdbi());
      var bca = ((BankAccounts.AddResult.Added) accounts.add(alice.id(), "BCA", "1234567890", "Alice")).account();
      new Withdrawals(f.db.jdbi(), f.ledger, accounts, MoneyRules.defaults(), Clock.systemUTC())
          .request("w1", alice.id(), bca.id(), Money.rupiah(50_000));
      WalletActivity activity = new WalletActivity(f.db.jdbi());

      WalletActivity.Page first = activity.page(alice.id(), Optional.empty(), 10);
      assertEquals(10, first.entries().size());
      assertTrue(first.hasOlder());
      assertFalse(first.hasNewer());
      ActivityEntry newest = first.entries().get(0);
      assertEquals(TransferKind.WITHDRAWAL_HOLD, newest.kind());
      assertEquals(Money.rupiah(-58_000), newest.amount());
      assertEquals(Optional.of("BCA ••••7890"), newest.bank());
      ActivityEntry transfer = first.entries().get(1);
      assertEquals(Optional.of("@bob"), transfer.counterparty());
      assertEquals(Optional.of("catatan 12"), transfer.note());

      WalletActivity.Page second = activity.page(alice.id(), Optional.of(first.entries().get(9).entryId()), 10);
      assertEquals(4, second.entries().size()); // 3 transfers and the funding top-up
      assertFalse(second.hasOlder());
      assertTrue(second.hasNewer());
      assertEquals(Optional.of("@alice"), activity.page(bob.id(), Optional.empty(), 1).entries().get(0).counterparty());
    }
  }

  @Test
  void a_statement_adds_up_and_streams_every_entry_of_the_period() {
    try (LedgerFixture f = new LedgerFixture()) {
      User alice = f.user("alice");
      User bob = f.user("bob");
      f.fund(alice, 100_000);
      P2pTransfers p2p = new P2pTransfers(f.db.jdbi(), f.ledger);
      p2p.send("s1", alice.id(), bob.id(), Money.rupiah(30_000), Optional.empty());
      p2p.send("s2", bob.id(), alice.id(), Money.rupiah(5_000), Optional.of("kembalian"));
      LocalDate today = LocalDate.now(WalletActivity.WIB);
      List<ActivityEntry> rows = new ArrayList<>();

      WalletActivity.Summary s = new WalletActivity(f.db.jdbi()).statement(alice.id(), today.withDayOfMonth(1), today,
          (summary, stream) -> {
            stream.forEach(rows::add);
            return summary;
          });

      assertEquals(Money.ZERO, s.opening());
      assertEquals(Money.rupiah(105_000), s.totalIn());
      assertEquals(Money.rupiah(30_000), s.totalOut());
      assertEquals(Money.rupiah(75_000), s.closing());
      assertEquals(Money.rupiah(f.balance(alice)), s.closing());
      assertEquals(3, rows.size());
      assertEquals(s.closing(), rows.get(2).balanceAfter());

      List<ActivityEntry> none = new ArrayList<>();
      WalletActivity.Summary empty = new WalletActivity(f.db.jdbi()).statement(alice.id(), today.minusYears(1), today.minusYears(1),
          (summary, stream) -> {
            stream.forEach(none::add);
            return summary;
          });
      assertEquals(0, empty.entries());
      assertEquals(Money.ZERO, empty.closing());
      assertTrue(none.isEmpty());
    }
  }
}
