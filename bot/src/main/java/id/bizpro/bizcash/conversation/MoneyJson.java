package id.bizpro.bizcash.conversation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import id.bizpro.bizcash.money.Money;
import java.io.IOException;

/**
 * {@link Money} in stored flow states and pending-action payloads, as a JSON integer of whole
 * rupiah: the shape those rows always had ({@code "amountRupiah": 50000}), so amounts stay Money
 * from parsing to the ledger call without changing what is stored. A fraction or a string is
 * refused.
 */
public final class MoneyJson extends SimpleModule {
  public MoneyJson() {
    super("bizcash-money");
    addSerializer(Money.class, new JsonSerializer<>() {
      @Override
      public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeNumber(value.rupiah());
      }
    });
    addDeserializer(Money.class, new JsonDeserializer<>() {
      @Override
      public Money deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
          return (Money) ctx.handleUnexpectedToken(Money.class, p);
        }
        return Money.rupiah(p.getLongValue());
      }
    });
  }
}
