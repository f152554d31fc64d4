package id.bizpro.bizcash.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.transfer.TransferFeature;
import id.bizpro.bizcash.transfer.TransferState;
import id.bizpro.bizcash.withdraw.WithdrawFeature;
import org.junit.jupiter.api.Test;

/** Payloads and flow states hold Money, stored exactly as the rupiah longs they held before. */
class MoneyJsonTest {
  private final ObjectMapper json = new ObjectMapper().registerModule(new MoneyJson());

  @Test
  void payloads_and_states_keep_their_stored_shape() throws Exception {
    String transfer = "{\"toUserId\":7,\"amountRupiah\":50000,\"note\":\"makan\"}";
    assertEquals(transfer, json.writeValueAsString(new TransferFeature.Payload(7, Money.rupiah(50_000), "makan")));
    assertEquals(Money.rupiah(50_000), json.readValue(transfer, TransferFeature.Payload.class).amount());
    String withdraw = "{\"bankAccountId\":3,\"amountRupiah\":100000}";
    assertEquals(withdraw, json.writeValueAsString(new WithdrawFeature.Payload(3, Money.rupiah(100_000))));
    assertEquals(Money.rupiah(100_000), json.readValue(withdraw, WithdrawFeature.Payload.class).amount());
    // A flow state carries its type name as well (FlowState's type info); the amount is the same long.
    String note = json.writeValueAsString(new TransferState.AwaitingNote(9, Money.rupiah(25_000)));
    assertTrue(note.endsWith("\"recipientId\":9,\"amountRupiah\":25000}"), note);
    assertEquals(Money.rupiah(25_000), json.readValue(note, TransferState.AwaitingNote.class).amount());
  }

  @Test
  void a_fraction_or_a_string_is_not_an_amount() {
    assertThrows(JsonProcessingException.class, () -> json.readValue("{\"bankAccountId\":3,\"amountRupiah\":1.5}", WithdrawFeature.Payload.class));
    assertThrows(JsonProcessingException.class, () -> json.readValue("{\"bankAccountId\":3,\"amountRupiah\":\"5\"}", WithdrawFeature.Payload.class));
  }
}
