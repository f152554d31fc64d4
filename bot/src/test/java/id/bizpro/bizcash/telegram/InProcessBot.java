package id.bizpro.bizcash.telegram;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.testing.TestDatabase;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * The bot's conversations with no transport ({@link InProcessChats}) over a fresh database, wired
 * by the same composition root as the application: for flow tests that do not need the HTTP
 * client. Each update is handled on the test's thread and its replies are returned at once, so
 * there is nothing to wait for. A JUnit extension (a {@code @RegisterExtension static final}
 * field, closed after the class); people get Telegram ids the harness allocates. The end-to-end
 * tests through real long polling use {@link BotHarness}.
 */
public final class InProcessBot implements AutoCloseable, AfterAllCallback {
  public final Database db = TestDatabase.fresh(4);
  public final LedgerServices services = LedgerServices.over(db.jdbi(), MoneyRules.defaults(), Clock.systemUTC(), Set.of());
  public final InProcessChats chats = new InProcessChats(0).attach(sender -> Conversations.core(services,
      Conversations.Settings.plain(PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia")), sender, "BizCashBot"));
  private final AtomicLong telegramIds = new AtomicLong(20_000);

  /** Someone who has not written to the bot yet, with a fresh Telegram id. */
  public InProcessChats.Chat person(String username, String firstName, String languageCode) {
    return chats.chat(telegramIds.incrementAndGet(), username, firstName, languageCode);
  }

  /** The same Telegram account as {@code before} under another username (renamed in Telegram). */
  public InProcessChats.Chat renamed(InProcessChats.Chat before, String username, String firstName, String languageCode) {
    return chats.chat(before.telegramId(), username, firstName, languageCode);
  }

  public int count(String sql, Object... args) {
    return db.jdbi().withHandle(h -> h.select(sql, args).mapTo(Integer.class).one());
  }

  /** The texts of {@code replies}, joined by newlines. */
  public static String texts(List<BotApiMethod<?>> replies) {
    return replies.stream().flatMap(r -> InProcessChats.text(r).stream()).collect(Collectors.joining("\n"));
  }

  /** Asserts that one of {@code replies} contains {@code fragment}; returns their texts. */
  public static String expect(List<BotApiMethod<?>> replies, String fragment) {
    String texts = texts(replies);
    assertTrue(texts.contains(fragment), "expected '" + fragment + "' in: " + texts);
    return texts;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    chats.core().close();
    db.close();
  }
}
