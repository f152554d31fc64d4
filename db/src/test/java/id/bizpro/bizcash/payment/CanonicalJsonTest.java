package id.bizpro.bizcash.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void the_same_json_spelled_differently_has_one_digest() {
    String a = "{\"event_id\":\"e1\",\"amount\":106123,\"items\":[{\"b\":1,\"a\":2}],\"ok\":true,\"note\":null}";
    String b = "{ \"note\" : null, \"ok\":true,\n \"items\" : [ {\"a\":2, \"b\":1.0} ],\t\"amount\":1.06123E5, \"event_id\":\"e1\" }";
    assertEquals(CanonicalJson.sha256(a), CanonicalJson.sha256(b));
    assertEquals(CanonicalJson.sha256("{\"x\":0}"), CanonicalJson.sha256("{\"x\":-0.0}"));
  }

  @Test
  void any_change_of_value_order_of_array_items_or_type_changes_the_digest() {
    String base = CanonicalJson.sha256("{\"amount\":106123,\"items\":[1,2],\"id\":\"7\"}");
    assertNotEquals(base, CanonicalJson.sha256("{\"amount\":106124,\"items\":[1,2],\"id\":\"7\"}"));
    assertNotEquals(base, CanonicalJson.sha256("{\"amount\":106123,\"items\":[2,1],\"id\":\"7\"}"));
    assertNotEquals(base, CanonicalJson.sha256("{\"amount\":\"106123\",\"items\":[1,2],\"id\":\"7\"}"));
    assertNotEquals(base, CanonicalJson.sha256("{\"amount\":106123,\"items\":[1,2],\"id\":7}"));
    assertNotEquals(base, CanonicalJson.sha256("{\"amount\":106123,\"items\":[1,2],\"id\":\"7\",\"extra\":null}"));
    assertNotEquals(CanonicalJson.sha256("{\"a\":0.1}"), CanonicalJson.sha256("{\"a\":0.10000000000000001}"));
  }

  @Test
  void text_that_is_not_json_only_equals_itself() {
    assertEquals(CanonicalJson.sha256("not json {"), CanonicalJson.sha256("not json {"));
    assertNotEquals(CanonicalJson.sha256("not json {"), CanonicalJson.sha256("not json  {"));
    assertNotEquals(CanonicalJson.sha256("{\"a\":1} trailing"), CanonicalJson.sha256("{\"a\":1}"));
  }
}
