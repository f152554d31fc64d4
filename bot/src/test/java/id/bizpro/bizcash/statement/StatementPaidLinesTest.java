package id.bizpro.bizcash.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.bizpro.bizcash.activity.ActivityEntry;
import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Statement lines of issue #18: a paid payment link (with its payer and note) and sends from a chat. */
class StatementPaidLinesTest {
  private static ActivityEntry entry(TransferKind kind, long amount, String reference, String note, String counterparty) {
    return new ActivityEntry(1, Instant.parse("2026-11-29T03:00:00Z"), kind, Money.rupiah(amount), Money.rupiah(900_000),
        Optional.ofNullable(reference), Optional.ofNullable(note), Optional.ofNullable(counterparty), Optional.empty(), Money.ZERO,
        Money.ZERO, Money.ZERO, Optional.empty());
  }

  @Test
  void a_paid_link_names_its_reference_payer_and_note_and_a_top_up_stays_a_top_up() {
    StatementLabels id = StatementLabels.of(StatementLanguage.ID);
    StatementLabels en = StatementLabels.of(StatementLanguage.EN);
    ActivityEntry link = entry(TransferKind.TOPUP_CREDIT, 500_213, "INV-8K2QX7", "Invoice INV-017", "Budi Santoso");
    assertEquals("Link pembayaran", StatementService.type(link, id));
    assertEquals("Budi Santoso", StatementService.counterparty(link));
    assertEquals("Link pembayaran INV-8K2QX7 dibayar oleh Budi Santoso · Berita: Invoice INV-017", StatementService.describe(link, id));
    assertEquals("Payment link INV-8K2QX7 paid by Budi Santoso", StatementService.describe(
        entry(TransferKind.TOPUP_CREDIT, 500_213, "INV-8K2QX7", null, "Budi Santoso"), en));
    assertEquals("Payment link INV-8K2QX7 paid", StatementService.describe(
        entry(TransferKind.TOPUP_CREDIT, 500_213, "INV-8K2QX7", null, null), en));
    ActivityEntry topUp = entry(TransferKind.TOPUP_CREDIT, 100_123, "TOP-8K2QX7", null, null);
    assertEquals("Top up", StatementService.type(topUp, id));
    assertEquals("Top up TOP-8K2QX7", StatementService.describe(topUp, id));
  }

  @Test
  void sends_from_a_chat_read_as_such() {
    StatementLabels en = StatementLabels.of(StatementLanguage.EN);
    assertEquals("Sent in a chat ILN-abc (held until claimed) · Note: lunch",
        StatementService.describe(entry(TransferKind.INLINE_HOLD, -50_000, "ILN-abc", "lunch", null), en));
    ActivityEntry claim = entry(TransferKind.INLINE_CLAIM, 50_000, "ILN-abc", "lunch", "@alice");
    assertEquals("Received from @alice in a chat · Note: lunch", StatementService.describe(claim, en));
    assertEquals("@alice", StatementService.counterparty(claim));
    assertEquals("Sent in a chat", StatementService.type(claim, en));
    assertEquals("Send ILN-abc returned (not claimed)",
        StatementService.describe(entry(TransferKind.INLINE_RETURN, 50_000, "ILN-abc", null, null), en));
  }
}
