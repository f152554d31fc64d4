package id.bizpro.bizcash.webhook.ppob;

import static id.bizpro.bizcash.webhook.ppob.PpobKit.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import id.bizpro.bizcash.config.AbuseLimits;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.user.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PPOB is money out: the daily limit counts purchases, and a refunded one no longer counts. */
class PpobLimitsTest {
  @RegisterExtension final PpobKit kit = new PpobKit(new AbuseLimits(20, Duration.ofSeconds(10), 3, Money.rupiah(100_000)));
  private static final long SELL = 50_100 + 1_500;

  private PpobPurchases.HoldResult hold(User u, String key) {
    return kit.f.db.jdbi().inTransaction(h -> kit.purchases.hold(h, key, u.id(), "tsel50", "081234567890",
        Money.rupiah(SELL), kit.clock.instant()));
  }

  @Test
  void purchases_count_against_the_daily_money_out_limit_and_refunds_free_it() {
    kit.priceList(50_100);
    User u = kit.f.user("limited");
    kit.f.fund(u, 500_000);
    PpobPurchase first = assertInstanceOf(PpobPurchases.HoldResult.Held.class, hold(u, "k1")).purchase();
    var refused = assertInstanceOf(PpobPurchases.HoldResult.DailyLimitExceeded.class, hold(u, "k2"));
    assertEquals(Money.rupiah(100_000), refused.limit());
    assertEquals(Money.rupiah(SELL), refused.usedToday());
    assertEquals(500_000 - SELL, kit.f.balance(u));
    // A retry of the first confirmation is never refused: it returns the first purchase.
    assertEquals(first.reference(),
        assertInstanceOf(PpobPurchases.HoldResult.AlreadyHeld.class, hold(u, "k1")).purchase().reference());

    kit.digiflazz.stubFor(kit.transaction(first.reference()).willReturn(reply(first, "Gagal", "54", "", 50_100)));
    kit.service.process(first.reference());
    assertInstanceOf(PpobPurchases.HoldResult.Held.class, hold(u, "k3"));
  }
}
