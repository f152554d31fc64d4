package id.bizpro.bizcash.webhook.moota;

import com.fasterxml.jackson.databind.JsonNode;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.payment.Callbacks;
import id.bizpro.bizcash.payment.Callbacks.Outcome;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.webhook.CallbackIntake;
import id.bizpro.bizcash.webhook.CallbackRefused;
import id.bizpro.bizcash.webhook.JsonFields;
import id.bizpro.bizcash.webhook.Signatures;
import id.bizpro.bizcash.webhook.payments.TopUpCrediting;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /webhooks/moota}: Moota pushes new bank mutations as a JSON array, signed with
 * header {@code Signature} = hex HMAC-SHA256 of the raw body keyed with MOOTA_SECRET. Each mutation
 * is its own stored callback (event key = mutation_id). Only credits ({@code CR}) into one of
 * BizPro's top-up accounts (BIZPRO_BANK_ACCOUNTS, by {@code account_number}) are matched; others are
 * stored as {@code other_account} and never credited. A credit whose amount equals the total of
 * exactly one open order — or of one closed order still in quarantine, which it then pays late —
 * pays that order; an unmatched or ambiguous credit is money received all the same: it is held in
 * suspense for an admin (alerted), never guessed. Debits ({@code DB}) are stored and ignored. The
 * whole push is one transaction, so Moota's retry after a failure finds nothing half done.
 * Thread-safe.
 */
public final class MootaRoute implements Handler {
  public static final String PROVIDER = "moota";
  public static final String SIGNATURE_HEADER = "Signature";
  private static final int MAX_MUTATIONS = 200;

  private final Jdbi jdbi;
  private final String secret;
  private final CallbackIntake intake;
  private final TopUpCrediting crediting;
  private final TopUpOrders orders;
  private final java.util.Set<String> payeeAccounts;

  public MootaRoute(Jdbi jdbi, String secret, CallbackIntake intake, TopUpCrediting crediting, TopUpOrders orders,
      java.util.Set<String> payeeAccounts) {
    this.jdbi = jdbi;
    this.secret = secret;
    this.intake = intake;
    this.crediting = crediting;
    this.orders = orders;
    this.payeeAccounts = java.util.Set.copyOf(payeeAccounts);
  }

  private record Mutation(String mutationId, String type, Money amount, Optional<String> accountNumber, String raw) {}

  @Override
  public void handle(Context ctx) {
    byte[] body = intake.body(ctx, PROVIDER);
    String raw = CallbackIntake.text(body);
    Map<String, String> headers = CallbackIntake.headers(ctx, SIGNATURE_HEADER, "User-Agent");
    boolean authenticated = false;
    try {
      String given = ctx.header(SIGNATURE_HEADER);
      if (!Signatures.hexEquals(Signatures.hmacSha256Hex(secret, body), given)) {
        throw CallbackRefused.badSignature(SIGNATURE_HEADER);
      }
      authenticated = true;
      List<Mutation> mutations = parse(raw);
      List<Map<String, Object>> results = jdbi.inTransaction(h -> {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mutation m : mutations) {
          Callbacks.Received received = new Callbacks.Received(PROVIDER, Optional.of(m.mutationId()), m.raw(), headers);
          CallbackIntake.Reply reply = intake.handleOnce(h, received, id -> act(h, id, m));
          intake.metrics().callback(PROVIDER, reply.duplicate() ? "duplicate" : reply.outcome().outcome());
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("mutation_id", m.mutationId());
          r.put("outcome", reply.outcome().outcome());
          r.put("duplicate", reply.duplicate());
          reply.outcome().subject().ifPresent(s -> r.put("reference", s));
          out.add(r);
        }
        return out;
      });
      ctx.status(200).json(Map.of("outcome", "processed", "mutations", results));
    } catch (CallbackRefused r) {
      intake.refuse(ctx, PROVIDER, Optional.empty(), body, headers, r, authenticated);
    }
  }

  private static List<Mutation> parse(String raw) {
    JsonNode n = JsonFields.parse(raw);
    if (!n.isArray()) {
      throw CallbackRefused.malformed("the body must be a JSON array of mutations");
    }
    if (n.size() > MAX_MUTATIONS) {
      throw CallbackRefused.malformed("at most " + MAX_MUTATIONS + " mutations per push");
    }
    List<Mutation> out = new ArrayList<>();
    for (JsonNode m : n) {
      if (!m.isObject()) {
        throw CallbackRefused.malformed("every mutation must be a JSON object");
      }
      String id = JsonFields.text(m, "mutation_id");
      String type = JsonFields.text(m, "type").toUpperCase();
      if (!type.equals("CR") && !type.equals("DB")) {
        throw CallbackRefused.invalid("type", "must be CR or DB");
      }
      // Moota names the account at the top of a mutation and again under "bank".
      Optional<String> account = JsonFields.optionalText(m, "account_number")
          .or(() -> m.path("bank").isObject() ? JsonFields.optionalText(m.get("bank"), "account_number") : Optional.empty())
          .map(a -> a.replaceAll("[^0-9]", ""));
      out.add(new Mutation(id, type, JsonFields.amount(m, "amount", true), account, m.toString()));
    }
    return out;
  }

  private Outcome act(Handle h, long callbackId, Mutation m) {
    if (m.type().equals("DB")) {
      return Outcome.of("debit_ignored", 200).about(null, m.amount().rupiah());
    }
    if (m.accountNumber().isEmpty() || !payeeAccounts.contains(m.accountNumber().get())) {
      return Outcome.of("other_account", 200).about(null, m.amount().rupiah())
          .withError("account " + m.accountNumber().orElse("(none)") + " is not a top-up account; nothing credited");
    }
    List<TopUpOrder> candidates = orders.candidatesByTotal(h, m.amount());
    if (candidates.size() == 1) {
      return crediting.credit(h, callbackId, PROVIDER, candidates.get(0).reference(), m.amount(), m.mutationId());
    }
    UnappliedReceipts.Reason reason =
        candidates.isEmpty() ? UnappliedReceipts.Reason.UNMATCHED : UnappliedReceipts.Reason.AMBIGUOUS;
    UnappliedReceipts.Receipt r = orders.receipts().hold(h, "receipt:" + PROVIDER + ":" + callbackId,
        new UnappliedReceipts.Arrival(PROVIDER, Optional.of(m.mutationId()), m.amount(), reason, Optional.of(callbackId),
            Optional.empty(), Optional.empty(), Optional.empty()));
    return TopUpCrediting.held(r, null, m.amount());
  }
}
