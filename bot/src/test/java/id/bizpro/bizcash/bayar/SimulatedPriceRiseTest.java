package id.bizpro.bizcash.bayar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.PpobProvider;
import id.bizpro.bizcash.ppob.SimulatedProvider;
import org.junit.jupiter.api.Test;

/** The console's simulated provider can show a price rise: its live price and its max_price refusal. */
class SimulatedPriceRiseTest {
  @Test
  void the_simulated_provider_can_raise_a_price_and_refuses_a_purchase_above_its_max_price() throws Exception {
    SimulatedProvider sim = new SimulatedProvider();
    PpobProvider.Product before = sim.priceList(false).get(0);
    sim.raisePrice(before.sku(), 500);
    Money risen = before.price().plus(Money.rupiah(500));
    assertEquals(risen, sim.livePrice(before.sku()).orElseThrow().price());
    assertEquals(risen, sim.priceList(false).get(0).price(), "the next sync sees it too");
    PpobProvider.Answer refused = sim.transaction(before.sku(), "081234567890", "PPOB-SIM001", before.price());
    assertEquals(PpobProvider.Status.FAILED, refused.status());
    assertEquals("69", refused.rc());
    PpobProvider.Answer bought = sim.transaction(before.sku(), "081234567890", "PPOB-SIM002", risen);
    assertEquals(PpobProvider.Status.SUCCESS, bought.status());
    assertEquals(risen, bought.price().orElseThrow());
  }

}
