package id.bizpro.bizcash.app;

import id.bizpro.bizcash.telegram.FakeTelegram;
import id.bizpro.bizcash.telegram.QuietPoint;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@link QuietPoint} of a running {@link Application}: its bot handled every update handed to
 * it, its outbox is drained and its dispatcher idle. For tests in any package. Stateless.
 */
public final class AppQuiet {
  private AppQuiet() {}

  /** {@code app}'s bot takes updates by long polling from {@code telegram}, which it started with. */
  public static void await(Application app, FakeTelegram telegram) {
    TelegramSide side = app.telegram().orElseThrow();
    QuietPoint.of()
        .and("no update is waiting to be fetched", () -> telegram.intake().queued() == 0)
        .handled(side.bot(), () -> telegram.intake().handedOut())
        .outbox(app.database().jdbi(), List.of(side.dispatcher()))
        .await();
  }

  /** {@code app}'s bot was handed {@code handedOut} updates (by a stand-in, or by a test delivering them). */
  public static QuietPoint of(Application app, LongSupplier handedOut) {
    TelegramSide side = app.telegram().orElseThrow();
    return QuietPoint.of()
        .handled(side.bot(), handedOut)
        .outbox(app.database().jdbi(), List.of(side.dispatcher()));
  }

  /** The bot and the dispatcher of {@code app}, for tests that combine several applications. */
  public static QuietPoint add(QuietPoint point, Application app, LongSupplier handedOut) {
    TelegramSide side = app.telegram().orElseThrow();
    return point.handled(side.bot(), handedOut).outbox(app.database().jdbi(), List.of(side.dispatcher()));
  }
}
